import { TestScheduler } from 'rxjs/testing';
import { isValidSymbol } from '../../market/symbol.js';
import type { RawTick } from '../../market/tick.js';
import { SimulatedTickSource } from './simulated-tick.source.js';

function collect(source: SimulatedTickSource): RawTick[] {
  const ticks: RawTick[] = [];
  source.ticks$.subscribe((t) => ticks.push(t));
  return ticks;
}

describe('SimulatedTickSource', () => {
  it('emits an opening tick per symbol, then exactly `rate` ticks per second of virtual time', () => {
    const scheduler = new TestScheduler(() => undefined);
    const source = new SimulatedTickSource({ rate: 250, symbols: 40, seed: 7, scheduler });
    const ticks = collect(source);
    void source.start();
    expect(ticks).toHaveLength(40);
    // The virtual clock runs the emit interval until maxFrames: 2000 ms at 250/s = 500 ticks.
    scheduler.maxFrames = 2000;
    scheduler.flush();
    void source.stop();
    expect(ticks.length - 40).toBe(500);
  });

  it('covers equities, crypto, FX and futures with valid symbols', () => {
    const source = new SimulatedTickSource({ rate: 1, symbols: 300, seed: 1 });
    const ticks = collect(source);
    void source.start();
    void source.stop();
    const symbols = ticks.map((t) => t.symbol);
    expect(new Set(symbols).size).toBe(300);
    expect(symbols.every(isValidSymbol)).toBe(true);
    for (const s of ['AAPL', 'BTC-USD', 'EUR/USD', 'ESH6']) expect(source.isListed(s)).toBe(true);
    expect(source.isListed('NOPE')).toBe(false);
  });

  it('produces sane quotes: bid < ask, last at bid or ask, positive sizes', () => {
    const scheduler = new TestScheduler(() => undefined);
    const source = new SimulatedTickSource({ rate: 5000, symbols: 120, seed: 3, scheduler });
    const ticks = collect(source);
    void source.start();
    scheduler.maxFrames = 1000;
    scheduler.flush();
    void source.stop();
    expect(ticks.length).toBeGreaterThan(4000);
    for (const t of ticks) {
      expect(t.bid).toBeLessThan(t.ask);
      expect([t.bid, t.ask]).toContain(t.last);
      expect(t.lastSize).toBeGreaterThan(0);
      expect((t.ask - t.bid) / t.bid).toBeLessThan(0.01);
    }
  });

  it('repeats exactly for the same seed', () => {
    const run = (): RawTick[] => {
      const scheduler = new TestScheduler(() => undefined);
      const source = new SimulatedTickSource({ rate: 1000, symbols: 50, seed: 99, scheduler });
      const ticks = collect(source);
      void source.start();
      scheduler.maxFrames = 100;
      scheduler.flush();
      void source.stop();
      return ticks;
    };
    expect(run()).toEqual(run());
  });

  it('feeds ticks, trades and book: per step the book record, then the trade, then the tick', () => {
    const scheduler = new TestScheduler(() => undefined);
    const source = new SimulatedTickSource({
      rate: 1000,
      symbols: 20,
      seed: 5,
      bookLevels: 100,
      scheduler,
    });
    expect(source.feeds).toEqual(['ticks', 'trades', 'book']);
    const log: Array<[string, string, number]> = [];
    source.bookRecords$.subscribe((r) => log.push([r.kind, r.symbol, r.ts]));
    source.trades$.subscribe((t) => log.push(['trade', t.symbol, t.ts]));
    source.ticks$.subscribe((t) => log.push(['tick', t.symbol, t.ts]));
    void source.start();
    scheduler.maxFrames = 500;
    scheduler.flush();
    void source.stop();

    const steps = Array.from({ length: log.length / 3 }, (_, i) => log.slice(3 * i, 3 * i + 3));
    expect(steps).toHaveLength(20 + 500);
    steps.forEach((step, i) => {
      // One instrument and one ts per step; a snapshot per symbol at start, deltas after.
      expect(step.map(([kind]) => kind)).toEqual([i < 20 ? 'snapshot' : 'delta', 'trade', 'tick']);
      expect(new Set(step.map(([, symbol, ts]) => `${symbol}@${ts}`)).size).toBe(1);
    });
    expect(new Set(steps.slice(0, 20).map(([[, symbol]]) => symbol)).size).toBe(20);
    expect(source.stats.recordsReceived).toBe(log.length);
  });

  it('books hold SIM_BOOK_LEVELS levels a side', () => {
    const source = new SimulatedTickSource({ rate: 1, symbols: 3, seed: 2, bookLevels: 150 });
    const sizes: number[] = [];
    source.bookRecords$.subscribe((r) => sizes.push(r.bids.length, r.asks.length));
    void source.start();
    void source.stop();
    expect(sizes).toEqual([150, 150, 150, 150, 150, 150]);
  });
});
