import type { Trade } from '../../market/trade.js';
import { CloseCode } from '../../protocol/close-codes.js';
import { ChannelHarness, HARNESS_BATCH_MS, HARNESS_OPTIONS } from '../testing/channel-harness.js';

function trade(seq: number, symbol = 'BTC-USD', tradeId = `t${seq}`): Trade {
  return {
    symbol,
    seq,
    tradeId,
    ts: 1_700_000_000_000 + seq,
    price: 100 + seq,
    size: 1,
    side: 'buy',
  };
}

const seqsOf = (messages: ReturnType<ReturnType<ChannelHarness['connect']>['messages']>) =>
  messages.flatMap((m) =>
    (m.type === 'snapshot' || m.type === 'update') && m.channel === 'trades'
      ? m.data.map((t) => t.seq)
      : [],
  );

describe('TradeFeed (virtual time)', () => {
  it('hands over from snapshot to live in one step: nothing missed, nothing twice', () => {
    const h = new ChannelHarness({ snapshotSize: 3 });
    for (let seq = 1; seq <= 10; seq++) h.trades.accept(trade(seq));
    const a = h.connect();
    const b = h.connect();
    h.subscribeTrades(a.session, ['BTC-USD']);
    h.subscribeTrades(b.session, ['BTC-USD'], { 'BTC-USD': 4 });
    for (let seq = 11; seq <= 15; seq++) h.trades.accept(trade(seq));
    h.clock.advance(HARNESS_BATCH_MS);
    expect(seqsOf(a.messages())).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(seqsOf(b.messages())).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(a.messages()[0]).toMatchObject({ type: 'snapshot', channel: 'trades' });
  });

  it('drops a redelivery (same seq and tradeId): it is neither sent nor retained twice', () => {
    const h = new ChannelHarness();
    const a = h.connect();
    h.subscribeTrades(a.session, ['BTC-USD']);
    expect(h.trades.accept(trade(1))).toBe(true);
    expect(h.trades.accept(trade(1))).toBe(false);
    expect(h.trades.accept(trade(2))).toBe(true);
    h.clock.advance(HARNESS_BATCH_MS);
    expect(seqsOf(a.messages())).toEqual([1, 2]);
    expect(h.trades.history.stats.duplicates).toBe(1);
  });

  it('never conflates: a client that stalls gets every trade, in order, once it reads again', () => {
    const h = new ChannelHarness();
    const a = h.connect();
    h.subscribeTrades(a.session, ['BTC-USD']);
    a.socket.stall();
    for (let seq = 1; seq <= 400; seq++) {
      h.trades.accept(trade(seq));
      h.clock.advance(5);
    }
    expect(a.session.isLagging).toBe(true);
    expect(a.session.isClosed).toBe(false);
    a.socket.read();
    h.clock.advance(200);
    expect(seqsOf(a.messages())).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(h.stats.channels.trades.conflated).toBe(0);
    expect(a.messages().filter((m) => m.type === 'warning')).toHaveLength(1);
  });

  it('trades waiting for a stalled client count against the hard cap: past it, 4008', () => {
    const h = new ChannelHarness();
    const a = h.connect();
    h.subscribeTrades(a.session, ['BTC-USD']);
    a.socket.stall();
    const start = h.clock.now();
    let seq = 0;
    while (!a.session.isClosed && seq < 100_000) {
      h.trades.accept(trade(++seq, 'BTC-USD', `t${seq}-${'x'.repeat(100)}`));
      if (seq % 10 === 0) h.clock.advance(1);
    }
    expect(a.socket.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
    expect(h.stats.slowConsumerCloses).toBe(1);
    // Within the grace period: the queued trades themselves took it past the cap.
    expect(h.clock.now() - start).toBeLessThan(HARNESS_OPTIONS.graceMs);
  });

  it('a ticker-only session never gets channel state', () => {
    const h = new ChannelHarness();
    const a = h.connect();
    a.session.subscriptions.set('BTC-USD', 0);
    h.trades.accept(trade(1));
    h.clock.advance(HARNESS_BATCH_MS);
    expect(a.session.hasChannels).toBe(false);
  });
});
