import type { Candle } from '../market/candle.js';
import { CandleSeries } from './candle-series.js';

const MINUTE = 60_000;
const bar = (minute: number, close: number, closed = false, symbol = 'AAPL'): Candle => ({
  symbol,
  interval: '1m',
  start: minute * MINUTE,
  open: 100,
  high: Math.max(100, close),
  low: Math.min(100, close),
  close,
  volume: 10,
  trades: 2,
  closed,
});

const closes = (series: CandleSeries): number[] => series.bars.map((b) => b.close);

describe('CandleSeries', () => {
  let series: CandleSeries;
  beforeEach(() => (series = new CandleSeries('AAPL', '1m')));

  it('replaces the open bar with its newer states and appends the next bar', () => {
    expect(series.apply(bar(1, 101))).toMatchObject({ kind: 'appended', index: 0 });
    expect(series.apply(bar(1, 102))).toMatchObject({ kind: 'replaced', index: 0 });
    expect(series.apply(bar(1, 103, true))).toMatchObject({ kind: 'replaced', index: 0 });
    expect(series.apply(bar(2, 104))).toMatchObject({ kind: 'appended', index: 1 });
    expect(closes(series)).toEqual([103, 104]);
    expect(series.bars.map((b) => b.closed)).toEqual([true, false]);
    expect(series.last?.close).toBe(104);
  });

  it('merges a later snapshot by start: held bars replaced, missing ones inserted in order', () => {
    series.apply(bar(3, 103, true));
    series.apply(bar(5, 105));
    for (const candle of [bar(1, 101, true), bar(3, 113, true), bar(4, 104, true), bar(5, 115)]) {
      series.apply(candle);
    }
    expect(series.bars.map((b) => b.start / MINUTE)).toEqual([1, 3, 4, 5]);
    expect(closes(series)).toEqual([101, 113, 104, 115]);
  });

  it('keeps a closed bar final: a non-closed state of it is ignored', () => {
    series.apply(bar(1, 101, true));
    expect(series.apply(bar(1, 99))).toBeUndefined();
    expect(series.bars[0]).toMatchObject({ close: 101, closed: true });
  });

  it('ignores other symbols and intervals', () => {
    expect(series.apply(bar(1, 1, false, 'MSFT'))).toBeUndefined();
    expect(series.apply({ ...bar(1, 1), interval: '5m' })).toBeUndefined();
    expect(series.bars).toEqual([]);
  });

  it('keeps at most maxBars, dropping the oldest', () => {
    series = new CandleSeries('AAPL', '1m', { maxBars: 3 });
    for (let minute = 1; minute <= 5; minute++) series.apply(bar(minute, minute, true));
    expect(series.bars.map((b) => b.start / MINUTE)).toEqual([3, 4, 5]);
    expect(series.apply(bar(2, 2, true))).toBeUndefined(); // older than all, full
    series.apply(bar(6, 6));
    expect(series.bars.map((b) => b.start / MINUTE)).toEqual([4, 5, 6]);
    expect(() => new CandleSeries('AAPL', '1m', { maxBars: 0 })).toThrow(RangeError);
  });

  it('clears', () => {
    series.apply(bar(1, 1));
    series.clear();
    expect(series.bars).toEqual([]);
  });
});
