import fc from 'fast-check';
import { BookSide } from './book-side.js';

describe('BookSide', () => {
  it('ranks bids highest first and asks lowest first', () => {
    const bids = new BookSide('bids');
    const asks = new BookSide('asks');
    for (const price of ['101.40', '99.90', '101.45', '100.00']) {
      bids.set(price, '1.000');
      asks.set(price, '1.000');
    }
    expect(bids.top(10).map(([p]) => p)).toEqual(['101.45', '101.40', '100.00', '99.90']);
    expect(asks.top(10).map(([p]) => p)).toEqual(['99.90', '100.00', '101.40', '101.45']);
  });

  it('orders numerically, not as text', () => {
    const asks = new BookSide('asks');
    asks.set('9.50', '1');
    asks.set('10.00', '1');
    asks.set('100.00', '1');
    expect(asks.top(3).map(([p]) => p)).toEqual(['9.50', '10.00', '100.00']);
  });

  it('returns the rank of each change, -1 when nothing changed', () => {
    const bids = new BookSide('bids');
    expect(bids.set('100.00', '1.000')).toBe(0);
    expect(bids.set('99.00', '1.000')).toBe(1);
    expect(bids.set('101.00', '1.000')).toBe(0);
    expect(bids.set('99.00', '2.000')).toBe(2);
    expect(bids.set('99.00', '2.000')).toBe(-1);
    expect(bids.set('100.00', '0.000')).toBe(1);
    expect(bids.set('100.00', '0')).toBe(-1);
    expect(bids.top(5)).toEqual([
      ['101.00', '1.000'],
      ['99.00', '2.000'],
    ]);
  });

  it('removes on a zero quantity in any form', () => {
    const asks = new BookSide('asks');
    asks.set('1.00', '5.000');
    asks.set('2.00', '5.000');
    asks.set('1.00', '0');
    asks.set('2.00', '0.000');
    expect(asks.size).toBe(0);
  });

  it('replaces all levels, last quantity wins, zeros left out', () => {
    const asks = new BookSide('asks');
    asks.set('5.00', '1.000');
    asks.replace([
      ['2.00', '1.000'],
      ['1.00', '3.000'],
      ['2.00', '4.000'],
      ['3.00', '0.000'],
    ]);
    expect(asks.top(10)).toEqual([
      ['1.00', '3.000'],
      ['2.00', '4.000'],
    ]);
    expect(asks.has('5.00')).toBe(false);
    expect(asks.has('2.00')).toBe(true);
  });

  it('truncates to the best n levels', () => {
    const bids = new BookSide('bids');
    for (const price of ['1.00', '3.00', '2.00']) bids.set(price, '1');
    bids.truncate(2);
    expect(bids.top(10).map(([p]) => p)).toEqual(['3.00', '2.00']);
    bids.truncate(5);
    expect(bids.size).toBe(2);
    bids.truncate(0);
    expect(bids.size).toBe(0);
  });

  it('never changes a view it handed out', () => {
    const bids = new BookSide('bids');
    bids.set('1.00', '1.000');
    const view = bids.top(10);
    bids.set('1.00', '2.000');
    bids.set('2.00', '1.000');
    expect(view).toEqual([['1.00', '1.000']]);
  });

  it('matches a sorted map after any sequence of changes (property)', () => {
    const change = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(
        fc.constantFrom('bids' as const, 'asks' as const),
        fc.array(change),
        (name, changes) => {
          const side = new BookSide(name);
          const model = new Map<number, string>();
          for (const [tick, qty] of changes) {
            const rank = side.set((tick / 4).toFixed(2), `${qty}.0`);
            const before = model.get(tick);
            if (qty === 0) model.delete(tick);
            else model.set(tick, `${qty}.0`);
            expect(rank >= 0).toBe(before !== model.get(tick));
          }
          const expected = [...model]
            .sort(([a], [b]) => (name === 'asks' ? a - b : b - a))
            .map(([tick, qty]) => [(tick / 4).toFixed(2), qty]);
          expect(side.top(1000)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
