import type { Ticker } from '../market/ticker.js';
import { TickerFilter } from './ticker-filter.js';

const ticker = (symbol: string, seq: number, ts: number): Ticker => ({
  symbol,
  seq,
  ts,
  bid: 1,
  ask: 1,
  last: 1,
  lastSize: 1,
  open: 1,
  high: 1,
  low: 1,
  volume: 1,
  change: 0,
  changePct: 0,
});

describe('TickerFilter', () => {
  it('within a session keeps only tickers with a higher seq than the one held, per symbol', () => {
    const filter = new TickerFilter();
    filter.startSession('a');
    const accepted = [
      ticker('X', 5, 100),
      ticker('X', 3, 200),
      ticker('X', 5, 300),
      ticker('Y', 1, 50),
      ticker('X', 6, 90),
    ].filter((t) => filter.accept(t));
    expect(accepted.map((t) => `${t.symbol}${t.seq}`)).toEqual(['X5', 'Y1', 'X6']);
    expect(filter.latest('X')?.seq).toBe(6);
  });

  it('on a new session compares by ts: a repeated ticker is dropped, a restarted seq with a later ts is taken', () => {
    const filter = new TickerFilter();
    filter.startSession('a');
    filter.accept(ticker('X', 900, 1000));
    filter.startSession('b');
    expect(filter.accept(ticker('X', 900, 1000))).toBe(false);
    expect(filter.accept(ticker('X', 1, 999))).toBe(false);
    expect(filter.accept(ticker('X', 1, 1001))).toBe(true);
    // From then on seq decides within session b.
    expect(filter.accept(ticker('X', 1, 2000))).toBe(false);
    expect(filter.accept(ticker('X', 2, 1002))).toBe(true);
  });
});
