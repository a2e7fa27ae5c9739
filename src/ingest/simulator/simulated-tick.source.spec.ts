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
});
