import type { BookLevel } from './book-level.js';
import { BookReplica } from './book-replica.js';
import { BookViewTracker } from './book-view-tracker.js';
import { OrderBook } from './order-book.js';
import { BOOK_T0, deltaRecord, ladder, snapshotRecord } from './testing/book-records.js';

/** Bids from 99.99 and asks from 100.01, 150 levels a side, 0.02 apart (room to insert). */
function deepBook(): OrderBook {
  const book = new OrderBook('XYZ');
  book.apply(snapshotRecord(1, ladder(150, 99.99, -0.02), ladder(150, 100.01, 0.02)));
  return book;
}

/** The level at `rank` of {@link deepBook}'s bids (asks), with quantity `qty`. */
const bid = (rank: number, qty = '1.000'): BookLevel => [(99.99 + rank * -0.02).toFixed(2), qty];
const ask = (rank: number, qty = '1.000'): BookLevel => [(100.01 + rank * 0.02).toFixed(2), qty];

/** A bid between the best two of {@link deepBook}. */
const BETWEEN: BookLevel = ['99.98', '1.000'];

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('BookViewTracker', () => {
  it('snapshots the best depth levels with seq, ts and checksum', () => {
    const book = deepBook();
    const entry = new BookViewTracker(book, 25).snapshot();
    expect(entry).toEqual({
      symbol: 'XYZ',
      seq: 1,
      ts: BOOK_T0 + 1,
      bids: ladder(25, 99.99, -0.02),
      asks: ladder(25, 100.01, 0.02),
      checksum: book.checksum(),
    });
  });

  it('defaults to depth 10', () => {
    expect(new BookViewTracker(deepBook()).snapshot()?.bids).toHaveLength(10);
  });

  it('sends nothing for a symbol with no book yet', () => {
    const book = new OrderBook('XYZ');
    const tracker = new BookViewTracker(book);
    expect(tracker.snapshot()).toBeUndefined();
    expect(tracker.update()).toBeUndefined();
  });

  it('sends no update when the view did not change', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    tracker.snapshot();
    expect(tracker.update()).toBeUndefined();
    book.apply(deltaRecord(2, [bid(40, '5.000')]));
    expect(tracker.update()).toBeUndefined();
  });

  it('sends only the changed levels of its own depth', () => {
    const book = deepBook();
    const shallow = new BookViewTracker(book, 10);
    const deep = new BookViewTracker(book, 25);
    shallow.snapshot();
    deep.snapshot();
    book.apply(deltaRecord(2, [bid(3, '2.500'), bid(15, '7.000')]));
    expect(shallow.update()).toMatchObject({ seq: 2, bids: [bid(3, '2.500')], asks: [] });
    expect(deep.update()).toMatchObject({ bids: [bid(3, '2.500'), bid(15, '7.000')] });
  });

  it('sends a removal with zero in the quantity decimals and the level that entered', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    tracker.snapshot();
    book.apply(deltaRecord(2, [], [ask(2, '0')]));
    const entry = tracker.update();
    expect(entry?.asks).toEqual([ask(2, '0.000'), ask(10)]);
    expect(entry?.bids).toEqual([]);
  });

  it('does not send a level pushed below the depth by a better one', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    const client = new BookReplica(10);
    client.applySnapshot(defined(tracker.snapshot()));
    book.apply(deltaRecord(2, [BETWEEN]));
    // The old 10th bid is now 11th: still in the book, so not sent as a removal.
    const entry = defined(tracker.update());
    expect(entry.bids).toEqual([BETWEEN]);
    expect(client.applyUpdate(entry)).toBe(true);
    expect(client.bidLevels).toEqual(book.top(10).bids);
    expect(client.bidLevels).not.toContainEqual(bid(9));
  });

  it('merges changes within a throttle window: latest quantity wins', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    tracker.snapshot();
    book.apply(deltaRecord(2, [bid(1, '2.000')]));
    book.apply(deltaRecord(3, [bid(1, '3.000')]));
    book.apply(deltaRecord(4, [bid(1, '4.000')]));
    expect(tracker.update()).toMatchObject({ seq: 4, bids: [bid(1, '4.000')] });
  });

  it('sends nothing for changes that cancel out within a window', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    tracker.snapshot();
    book.apply(deltaRecord(2, [bid(1, '2.000'), BETWEEN]));
    book.apply(deltaRecord(3, [bid(1, '1.000')]));
    book.apply(deltaRecord(4, [[BETWEEN[0], '0']]));
    expect(tracker.update()).toBeUndefined();
  });

  it('carries the seq of the latest change to its view, not the latest record', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    tracker.snapshot();
    book.apply(deltaRecord(2, [bid(2, '9.000')]));
    book.apply(deltaRecord(3, [bid(50, '9.000')]));
    expect(tracker.update()).toMatchObject({ seq: 2, ts: BOOK_T0 + 2 });
    expect(book.seq).toBe(3);
  });

  it('rises by exactly 1 for an unthrottled client whose view changes every event', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    tracker.snapshot();
    const seqs: number[] = [];
    for (let seq = 2; seq <= 6; seq++) {
      book.apply(deltaRecord(seq, [bid(0, `${seq}.000`)]));
      seqs.push(tracker.update()?.seq ?? -1);
    }
    expect(seqs).toEqual([2, 3, 4, 5, 6]);
  });

  it('lists levels best first, removals included', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    tracker.snapshot();
    book.apply(deltaRecord(2, [bid(0, '0'), bid(5, '0'), bid(3, '2.000')]));
    expect(tracker.update()?.bids).toEqual([
      bid(0, '0.000'),
      bid(3, '2.000'),
      bid(5, '0.000'),
      bid(10),
      bid(11),
    ]);
  });

  it('gives the same update to trackers of one depth at one synced version', () => {
    const book = deepBook();
    const a = new BookViewTracker(book, 25);
    const b = new BookViewTracker(book, 25);
    a.snapshot();
    b.snapshot();
    book.apply(deltaRecord(2, [bid(20, '0')], [ask(0, '3.000')]));
    expect(a.syncedVersion).toBe(b.syncedVersion);
    expect(a.update()).toEqual(b.update());
    expect(a.syncedVersion).toBe(book.viewChange(25).version);
  });

  it('diffs from an empty book before any snapshot', () => {
    const book = deepBook();
    const entry = new BookViewTracker(book, 10).update();
    expect(entry?.bids).toEqual(book.top(10).bids);
  });

  it('sends nothing while the book is stale, then a fresh snapshot matches', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    const client = new BookReplica(10);
    client.applySnapshot(defined(tracker.snapshot()));
    expect(book.apply(deltaRecord(5, [bid(0, '0')])).kind).toBe('gap');
    expect(tracker.update()).toBeUndefined();
    const result = book.apply(snapshotRecord(9, ladder(3, 50.0, -1), ladder(3, 60.0, 1)));
    expect(result).toMatchObject({ kind: 'applied', resync: true });
    const fresh = defined(tracker.snapshot());
    expect(fresh).toMatchObject({ seq: 9, bids: ladder(3, 50.0, -1) });
    expect(client.applySnapshot(fresh)).toBe(true);
    expect(tracker.update()).toBeUndefined();
  });

  it('lets a client that missed the resync snapshot still converge through updates', () => {
    const book = deepBook();
    const tracker = new BookViewTracker(book, 10);
    const client = new BookReplica(10);
    client.applySnapshot(defined(tracker.snapshot()));
    book.apply(snapshotRecord(2, ladder(12, 80.0, -0.5), ladder(4, 81.0, 0.5)));
    expect(client.applyUpdate(defined(tracker.update()))).toBe(true);
    expect(client.bidLevels).toEqual(book.top(10).bids);
    expect(client.askLevels).toEqual(book.top(10).asks);
  });
});
