import fc from 'fast-check';
import { bookChecksum } from './book-checksum.js';
import type { BookLevel } from './book-level.js';
import { OrderBook } from './order-book.js';
import { BOOK_T0, deltaRecord, ladder, snapshotRecord } from './testing/book-records.js';

const ASKS: BookLevel[] = [
  ['101.60', '1.000'],
  ['101.50', '2.000'],
];
const BIDS: BookLevel[] = [['101.40', '3.000']];

function seeded(seq = 1): OrderBook {
  const book = new OrderBook('XYZ');
  book.apply(snapshotRecord(seq, BIDS, ASKS));
  return book;
}

describe('OrderBook', () => {
  it('has no book until its first snapshot record, and ignores deltas before it', () => {
    const book = new OrderBook('XYZ');
    expect(book.ready).toBe(false);
    expect(book.stale).toBe(true);
    expect(book.apply(deltaRecord(1, BIDS))).toEqual({ kind: 'ignored', reason: 'stale' });
    expect(book.apply(snapshotRecord(5, BIDS, ASKS))).toEqual({
      kind: 'applied',
      resync: true,
      views: [10, 25, 100],
    });
    expect(book.ready).toBe(true);
    expect(book.stale).toBe(false);
    expect(book.seq).toBe(5);
  });

  it('serves best-first views and the contract checksum', () => {
    const book = seeded();
    expect(book.top(10)).toEqual({ bids: BIDS, asks: [ASKS[1], ASKS[0]] });
    expect(book.checksum()).toBe(3419162938);
  });

  it('has the empty-book checksum when a snapshot is empty', () => {
    const book = new OrderBook('XYZ');
    book.apply(snapshotRecord(1, [], []));
    expect(book.top(10)).toEqual({ bids: [], asks: [] });
    expect(book.checksum()).toBe(2343686810);
  });

  it('applies deltas: set, change and remove with zero in any form', () => {
    const book = seeded();
    book.apply(deltaRecord(2, [['101.45', '1.500']], [['101.50', '0']]));
    book.apply(deltaRecord(3, [['101.40', '0.000']], [['101.60', '4.000']]));
    expect(book.top(10)).toEqual({ bids: [['101.45', '1.500']], asks: [['101.60', '4.000']] });
    expect(book.seq).toBe(3);
  });

  it('passes the strings through unchanged', () => {
    const book = new OrderBook('XYZ');
    book.apply(snapshotRecord(1, [['66843.10', '0.01200000']], []));
    expect(book.top(10).bids).toEqual([['66843.10', '0.01200000']]);
  });

  it('keeps only the requested depth, ordered numerically', () => {
    const book = new OrderBook('XYZ');
    book.apply(snapshotRecord(1, ladder(150, 99.99, -0.01), ladder(150, 100.0, 0.01)));
    for (const depth of [10, 25, 100] as const) {
      const view = book.top(depth);
      expect(view.bids).toEqual(ladder(depth, 99.99, -0.01));
      expect(view.asks).toEqual(ladder(depth, 100.0, 0.01));
    }
  });

  it('reports which depths a delta changed', () => {
    const book = new OrderBook('XYZ');
    book.apply(snapshotRecord(1, ladder(150, 99.99, -0.01), []));
    const at = (rank: number): BookLevel => [(99.99 - rank * 0.01).toFixed(2), '9.000'];
    expect(book.apply(deltaRecord(2, [at(5)]))).toMatchObject({ views: [10, 25, 100] });
    expect(book.apply(deltaRecord(3, [at(10)]))).toMatchObject({ views: [25, 100] });
    expect(book.apply(deltaRecord(4, [at(99)]))).toMatchObject({ views: [100] });
    expect(book.apply(deltaRecord(5, [at(120)]))).toMatchObject({ views: [] });
    expect(book.apply(deltaRecord(6, [at(120)]))).toMatchObject({ views: [] });
    expect(book.viewChange(10)).toMatchObject({ seq: 2, ts: BOOK_T0 + 2 });
    expect(book.viewChange(25)).toMatchObject({ seq: 3 });
    expect(book.viewChange(100)).toMatchObject({ seq: 4 });
  });

  it('reports which depths a snapshot changed', () => {
    const book = new OrderBook('XYZ');
    book.apply(snapshotRecord(1, ladder(150, 99.99, -0.01), []));
    const deeper = ladder(150, 99.99, -0.01);
    deeper[30] = [deeper[30]?.[0] as string, '7.000'];
    expect(book.apply(snapshotRecord(2, deeper, []))).toMatchObject({
      resync: false,
      views: [100],
    });
    expect(book.apply(snapshotRecord(3, deeper, []))).toMatchObject({ views: [] });
  });

  describe('seq and staleness', () => {
    it('marks the book stale on a seq jump and drops deltas until a snapshot record', () => {
      const book = seeded();
      expect(book.apply(deltaRecord(3, [['101.45', '1.000']]))).toEqual({
        kind: 'gap',
        expectedSeq: 2,
      });
      expect(book.stale).toBe(true);
      expect(book.apply(deltaRecord(4, [['101.45', '1.000']]))).toEqual({
        kind: 'ignored',
        reason: 'stale',
      });
      expect(book.top(10).bids).toEqual(BIDS);
      expect(book.seq).toBe(1);
      const result = book.apply(snapshotRecord(5, [['101.30', '1.000']], ASKS));
      expect(result).toEqual({ kind: 'applied', resync: true, views: [10, 25, 100] });
      expect(book.stale).toBe(false);
      expect(book.apply(deltaRecord(6, [['101.35', '1.000']])).kind).toBe('applied');
    });

    it('drops a redelivered delta without going stale', () => {
      const book = seeded(10);
      book.apply(deltaRecord(11, [['101.45', '1.000']]));
      expect(book.apply(deltaRecord(11, [['101.45', '9.000']]))).toEqual({
        kind: 'ignored',
        reason: 'duplicate',
      });
      expect(book.apply(deltaRecord(3, []))).toEqual({ kind: 'ignored', reason: 'duplicate' });
      expect(book.stale).toBe(false);
      expect(book.top(10).bids[0]).toEqual(['101.45', '1.000']);
    });

    it('asks for a resync when a snapshot record goes back in seq (source restart)', () => {
      const book = seeded(500);
      expect(book.apply(snapshotRecord(1, BIDS, ASKS))).toEqual({
        kind: 'applied',
        resync: true,
        views: [10, 25, 100],
      });
      expect(book.viewChange(10).seq).toBe(1);
      expect(book.apply(deltaRecord(2, [])).kind).toBe('applied');
    });

    it('does not ask for a resync on an in-sequence snapshot record', () => {
      const book = seeded(1);
      expect(book.apply(snapshotRecord(2, BIDS, ASKS))).toEqual({
        kind: 'applied',
        resync: false,
        views: [],
      });
    });

    it('keeps the versions of view changes rising even when seq goes back', () => {
      const book = seeded(500);
      const before = book.viewChange(10).version;
      book.apply(snapshotRecord(1, BIDS, ASKS));
      expect(book.viewChange(10).version).toBeGreaterThan(before);
    });
  });

  describe('decimals', () => {
    it('rejects a record that changes the decimals and goes stale', () => {
      const book = seeded();
      expect(book.apply(deltaRecord(2, [['101.4', '1.000']]))).toEqual({
        kind: 'rejected',
        reason: 'decimals',
      });
      expect(book.stale).toBe(true);
      expect(book.apply(snapshotRecord(3, [['101.40', '1.00']], []))).toEqual({
        kind: 'rejected',
        reason: 'decimals',
      });
      expect(book.top(10).bids).toEqual(BIDS);
    });

    it('rejects a malformed record whole', () => {
      const book = seeded();
      expect(book.apply(deltaRecord(2, [['101.45', '1.000']], [['-1.00', '1.000']]))).toEqual({
        kind: 'rejected',
        reason: 'format',
      });
      expect(book.top(10).bids).toEqual(BIDS);
    });

    it('keeps the decimals fixed by the first levels for good', () => {
      const book = new OrderBook('XYZ');
      book.apply(snapshotRecord(1, [], []));
      book.apply(deltaRecord(2, [['5.0', '1']]));
      expect(book.apply(snapshotRecord(3, [['5.00', '1']], [])).kind).toBe('rejected');
      expect(book.zeroQty).toBe('0');
    });

    it('writes zero in the quantity decimals', () => {
      expect(seeded().zeroQty).toBe('0.000');
      expect(new OrderBook('XYZ').zeroQty).toBe('0');
    });
  });

  it('refuses a record of another symbol', () => {
    expect(() => seeded().apply(deltaRecord(2, [], [], 'ABC'))).toThrow(/ABC/);
  });

  it('hands out cached views that later changes never mutate', () => {
    const book = seeded();
    const view = book.top(10);
    expect(book.top(10)).toBe(view);
    book.apply(deltaRecord(2, [['101.40', '9.000']]));
    expect(view.bids).toEqual(BIDS);
    expect(book.top(10)).not.toBe(view);
  });

  it('matches a naive model after any records, with the checksum of its view (property)', () => {
    const level = fc
      .tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 4 }))
      .map(([tick, qty]): BookLevel => [(tick / 10).toFixed(2), `${qty}.00`]);
    const record = fc.record({
      snapshot: fc.boolean(),
      bids: fc.array(level, { maxLength: 30 }),
      asks: fc.array(level, { maxLength: 30 }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (records) => {
        const book = new OrderBook('XYZ');
        const model = { bids: new Map<string, string>(), asks: new Map<string, string>() };
        book.apply(snapshotRecord(1, [], []));
        records.forEach((r, i) => {
          const seq = i + 2;
          book.apply(
            r.snapshot ? snapshotRecord(seq, r.bids, r.asks) : deltaRecord(seq, r.bids, r.asks),
          );
          for (const side of ['bids', 'asks'] as const) {
            if (r.snapshot) model[side].clear();
            for (const [p, q] of r[side]) {
              if (Number(q) === 0) model[side].delete(p);
              else model[side].set(p, q);
            }
          }
        });
        const sorted = (m: Map<string, string>, dir: number): BookLevel[] =>
          [...m].sort(([a], [b]) => dir * (Number(a) - Number(b)));
        const bids = sorted(model.bids, -1);
        const asks = sorted(model.asks, 1);
        for (const depth of [10, 25, 100] as const) {
          expect(book.top(depth)).toEqual({
            bids: bids.slice(0, depth),
            asks: asks.slice(0, depth),
          });
        }
        expect(book.checksum()).toBe(bookChecksum(asks, bids));
      }),
      { numRuns: 300 },
    );
  });
});
