import fc from 'fast-check';
import { VirtualClock } from '../shared/virtual-clock.js';
import { CANDLE_INTERVAL_MS, candleStartOf, type Candle, type CandleInterval } from './candle.js';
import { CandleAggregator, type CandleTrade } from './candle-aggregator.js';

const T0 = Date.UTC(2026, 10, 22, 14, 30);

/**
 * For any trades, in order or not: the bars equal those of a reference model (a
 * trade for a bar before the newest one is late; the others group by bar start),
 * each bar is closed exactly once, and nothing of a bar follows its final state.
 */
describe('CandleAggregator against a reference model (property)', () => {
  it('builds the bars a reference model builds, closing each once and in order (property)', () => {
    const step = fc.record({
      dt: fc.integer({ min: -3_000, max: 90_000 }),
      price: fc.integer({ min: 1, max: 1_000 }),
      size: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 150 }),
        fc.constantFrom<CandleInterval>('1s', '1m', '5m'),
        (steps, interval) => {
          const agg = new CandleAggregator({ intervals: [interval] });
          const emitted: Candle[] = [];
          const model = new Map<number, CandleTrade[]>();
          let ts = T0;
          let newestStart = Number.NEGATIVE_INFINITY;
          let late = 0;
          for (const s of steps) {
            ts += s.dt;
            const t: CandleTrade = { symbol: 'AAPL', ts, price: s.price, size: s.size };
            emitted.push(...agg.onTrade(t));
            const start = candleStartOf(ts, interval);
            if (start < newestStart) late++;
            else {
              newestStart = start;
              model.set(start, [...(model.get(start) ?? []), t]);
            }
          }
          const expected = [...model.entries()].map(([start, group], i, all) => ({
            start,
            open: group[0]?.price,
            high: Math.max(...group.map((t) => t.price)),
            low: Math.min(...group.map((t) => t.price)),
            close: group.at(-1)?.price,
            volume: group.reduce((v, t) => v + t.size, 0),
            trades: group.length,
            closed: i < all.length - 1,
          }));
          expect(agg.snapshot('AAPL', interval, 1000)).toEqual(
            expected.map((e) => ({ symbol: 'AAPL', interval, ...e })),
          );
          expect(agg.late[interval]).toBe(late);
          // Each bar is closed once, and nothing of a bar follows its final state.
          const closedStarts = emitted.filter((c) => c.closed).map((c) => c.start);
          expect(new Set(closedStarts).size).toBe(closedStarts.length);
          emitted.forEach((c, i) => {
            const later = emitted.slice(i + 1);
            if (c.closed) expect(later.some((l) => l.start <= c.start)).toBe(false);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on a live clock, counts every trade once: in a bar or late (property)', () => {
    type Step = { kind: 'trade'; lagMs: number; size: number } | { kind: 'wait'; ms: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('trade' as const),
        lagMs: fc.integer({ min: 0, max: 5_000 }),
        size: fc.integer({ min: 1, max: 9 }),
      }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 4_000 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 200 }),
        fc.integer({ min: 0, max: 2_000 }),
        (steps, closeGraceMs) => {
          const clock = new VirtualClock(T0);
          const agg = new CandleAggregator({ closeGraceMs, intervals: ['1s', '1m'] });
          const emitted: Candle[] = [];
          let trades = 0;
          for (const s of steps) {
            if (s.kind === 'wait') {
              clock.advance(s.ms);
              emitted.push(...agg.onClock(clock.now()));
            } else {
              trades++;
              const ts = clock.now() - s.lagMs;
              emitted.push(...agg.onTrade({ symbol: 'AAPL', ts, price: 1, size: s.size }));
            }
          }
          for (const interval of ['1s', '1m'] as const) {
            const ms = CANDLE_INTERVAL_MS[interval];
            const bars = agg.snapshot('AAPL', interval, 1000);
            const counted = bars.reduce((n, b) => n + b.trades, 0);
            expect(counted + agg.late[interval]).toBe(trades);
            // Bars ascend, only the last may be open, and an open bar is never overdue for long.
            bars.forEach((b, i) => {
              expect(b.start % ms).toBe(0);
              if (i > 0) expect(b.start).toBeGreaterThan((bars[i - 1] as Candle).start);
              if (i < bars.length - 1) expect(b.closed).toBe(true);
            });
            const open = agg.openBar('AAPL', interval);
            if (open && steps.at(-1)?.kind === 'wait') {
              expect(clock.now()).toBeLessThan(open.start + ms + closeGraceMs);
            }
            const mine = emitted.filter((c) => c.interval === interval);
            mine.forEach((c, i) => {
              if (c.closed) expect(mine.slice(i + 1).some((l) => l.start <= c.start)).toBe(false);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
