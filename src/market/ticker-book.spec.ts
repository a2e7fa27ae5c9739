import { TickerBook } from './ticker-book.js';
import type { RawTick } from './tick.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 22, 14, 30);

function tick(overrides: Partial<RawTick> = {}): RawTick {
  return { symbol: 'AAPL', ts: T0, bid: 99.9, ask: 100.1, last: 100, lastSize: 10, ...overrides };
}

describe('TickerBook', () => {
  it('derives open/high/low/volume/change from the first tick of a session', () => {
    const book = new TickerBook();
    const t = book.apply(tick());
    expect(t).toMatchObject({
      seq: 1,
      open: 100,
      high: 100,
      low: 100,
      volume: 10,
      change: 0,
      changePct: 0,
    });
  });

  it('tracks high, low, cumulative volume and change within a session', () => {
    const book = new TickerBook();
    book.apply(tick({ last: 100 }));
    book.apply(tick({ ts: T0 + 1, last: 105, lastSize: 5 }));
    const t = book.apply(tick({ ts: T0 + 2, last: 98, lastSize: 7 }));
    expect(t).toMatchObject({
      seq: 3,
      open: 100,
      high: 105,
      low: 98,
      volume: 22,
      change: -2,
      changePct: -2,
    });
  });

  it('rounds changePct to two decimals and strips float noise from change', () => {
    const book = new TickerBook();
    book.apply(tick({ last: 187.5 }));
    const t = book.apply(tick({ ts: T0 + 1, last: 189.13 }));
    expect(t?.change).toBe(1.63);
    expect(t?.changePct).toBe(0.87);
  });

  it('starts a new session on a new UTC day', () => {
    const book = new TickerBook();
    book.apply(tick({ last: 100, lastSize: 50 }));
    book.apply(tick({ ts: T0 + 1, last: 120 }));
    const t = book.apply(tick({ ts: T0 + DAY, last: 110, lastSize: 3 }));
    expect(t).toMatchObject({ seq: 3, open: 110, high: 110, low: 110, volume: 3, change: 0 });
  });

  it('lets source-provided session fields override derived ones', () => {
    const book = new TickerBook();
    const t = book.apply(tick({ open: 90, high: 101, low: 89, volume: 1_000_000 }));
    expect(t).toMatchObject({
      open: 90,
      high: 101,
      low: 89,
      volume: 1_000_000,
      change: 10,
      changePct: 11.11,
    });
  });

  it('keeps seq strictly increasing per symbol and independent across symbols', () => {
    const book = new TickerBook();
    const seqs = [1, 2, 3].map((i) => book.apply(tick({ ts: T0 + i }))?.seq);
    const other = book.apply(tick({ symbol: 'MSFT' }));
    expect(seqs).toEqual([1, 2, 3]);
    expect(other?.seq).toBe(1);
  });

  it('refuses a tick older than the last one and keeps the newer state', () => {
    const book = new TickerBook();
    book.apply(tick({ ts: T0 + 10, last: 101 }));
    expect(book.apply(tick({ ts: T0, last: 50 }))).toBeUndefined();
    expect(book.get('AAPL')).toMatchObject({ last: 101, seq: 1 });
  });

  it('accepts a tick with the same ts (several trades in one millisecond)', () => {
    const book = new TickerBook();
    book.apply(tick());
    expect(book.apply(tick({ last: 100.5 }))?.seq).toBe(2);
  });

  it('lists known symbols', () => {
    const book = new TickerBook();
    book.apply(tick());
    book.apply(tick({ symbol: 'BTC-USD' }));
    expect([...book.symbols()]).toEqual(['AAPL', 'BTC-USD']);
    expect(book.has('EUR/USD')).toBe(false);
    expect(book.size).toBe(2);
  });
});
