import fc from 'fast-check';
import {
  CANDLE_INTERVAL_MS,
  CANDLE_INTERVALS,
  candleStartOf,
  isCandleInterval,
  type CandleInterval,
} from './candle.js';

const TS = Date.UTC(2026, 10, 22, 14, 37, 42, 123);

describe('candle intervals', () => {
  it('lists the contract intervals with their lengths', () => {
    expect(CANDLE_INTERVALS).toEqual(['1s', '1m', '5m', '15m', '1h', '1d']);
    expect(CANDLE_INTERVAL_MS).toEqual({
      '1s': 1000,
      '1m': 60_000,
      '5m': 300_000,
      '15m': 900_000,
      '1h': 3_600_000,
      '1d': 86_400_000,
    });
  });

  it.each(CANDLE_INTERVALS)('recognises %s', (interval) => {
    expect(isCandleInterval(interval)).toBe(true);
  });

  it.each(['1M', '2m', '1w', '', 60, null, undefined])('refuses %p', (value) => {
    expect(isCandleInterval(value)).toBe(false);
  });

  it.each<[CandleInterval, number]>([
    ['1s', Date.UTC(2026, 10, 22, 14, 37, 42)],
    ['1m', Date.UTC(2026, 10, 22, 14, 37)],
    ['5m', Date.UTC(2026, 10, 22, 14, 35)],
    ['15m', Date.UTC(2026, 10, 22, 14, 30)],
    ['1h', Date.UTC(2026, 10, 22, 14)],
    ['1d', Date.UTC(2026, 10, 22)],
  ])('aligns %s bars on UTC boundaries', (interval, start) => {
    expect(candleStartOf(TS, interval)).toBe(start);
  });

  it('puts a boundary instant in the bar it starts', () => {
    const midnight = Date.UTC(2026, 10, 23);
    for (const interval of CANDLE_INTERVALS) {
      expect(candleStartOf(midnight, interval)).toBe(midnight);
      expect(candleStartOf(midnight - 1, interval)).toBe(midnight - CANDLE_INTERVAL_MS[interval]);
    }
  });

  it('gives every ts a start that is a multiple of the interval at or before it (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.constantFrom(...CANDLE_INTERVALS),
        (ts, interval) => {
          const ms = CANDLE_INTERVAL_MS[interval];
          const start = candleStartOf(ts, interval);
          expect(start % ms).toBe(0);
          expect(start).toBeLessThanOrEqual(ts);
          expect(ts).toBeLessThan(start + ms);
        },
      ),
    );
  });
});
