import type { Trade } from '../market/trade.js';
import { TradeSequencer } from './trade-sequencer.js';

const trade = (seq: number, ts = 1000 + seq, symbol = 'BTC-USD'): Trade => ({
  symbol,
  seq,
  tradeId: `${symbol}-${seq}-${ts}`,
  ts,
  price: 100,
  size: 1,
  side: 'buy',
});

describe('TradeSequencer', () => {
  let sequencer: TradeSequencer;
  beforeEach(() => (sequencer = new TradeSequencer()));

  it('accepts a first trade and each next seq, per symbol', () => {
    expect(sequencer.accept(trade(7))).toEqual({ accepted: true });
    expect(sequencer.accept(trade(8))).toEqual({ accepted: true });
    expect(sequencer.accept(trade(1, 5, 'ETH-USD'))).toEqual({ accepted: true });
    expect(sequencer.lastSeq('BTC-USD')).toBe(8);
    expect(sequencer.lastSeq('ETH-USD')).toBe(1);
  });

  it('accepts a jump and reports the missing trades', () => {
    sequencer.accept(trade(10));
    expect(sequencer.accept(trade(14))).toEqual({
      accepted: true,
      gap: { symbol: 'BTC-USD', reason: 'gap', lastSeq: 10, seq: 14, missing: 3 },
    });
    expect(sequencer.lastSeq('BTC-USD')).toBe(14);
  });

  it('names a jump in a truncated resumption as such', () => {
    sequencer.accept(trade(10));
    expect(sequencer.accept(trade(500), true)).toMatchObject({
      gap: { reason: 'truncated', missing: 489 },
    });
  });

  it('drops repeats: the held trade again, and older ones', () => {
    for (const seq of [1, 2, 3]) sequencer.accept(trade(seq));
    expect(sequencer.accept(trade(3))).toEqual({ accepted: false });
    expect(sequencer.accept(trade(2))).toEqual({ accepted: false });
    expect(sequencer.accept(trade(4))).toEqual({ accepted: true });
  });

  it('takes a lower seq with a later ts as a source restart', () => {
    sequencer.accept(trade(900, 5000));
    expect(sequencer.accept(trade(1, 6000))).toEqual({
      accepted: true,
      gap: { symbol: 'BTC-USD', reason: 'restart', lastSeq: 900, seq: 1, missing: 0 },
    });
    expect(sequencer.accept(trade(2, 6001))).toEqual({ accepted: true });
  });

  it('resumes from a given seq when nothing is held, so a jump past it is a gap', () => {
    sequencer.resumeFrom('BTC-USD', 1200);
    expect(sequencer.lastSeq('BTC-USD')).toBe(1200);
    expect(sequencer.accept(trade(1201))).toEqual({ accepted: true });
    sequencer.resumeFrom('BTC-USD', 5); // something is held: ignored
    expect(sequencer.accept(trade(1203))).toMatchObject({ gap: { missing: 1 } });
  });

  it('after a resumption, its own seq is a repeat and a lower one a restart of the source', () => {
    sequencer.resumeFrom('BTC-USD', 1200);
    expect(sequencer.accept(trade(1200))).toEqual({ accepted: false });
    expect(sequencer.accept(trade(3))).toMatchObject({ gap: { reason: 'restart' } });
  });

  it('forgets symbols', () => {
    sequencer.accept(trade(5));
    sequencer.forget(['BTC-USD']);
    expect(sequencer.lastSeq('BTC-USD')).toBeUndefined();
    expect(sequencer.accept(trade(1))).toEqual({ accepted: true });
  });
});
