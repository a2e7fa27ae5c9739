import { bookChecksum } from '../market/book-checksum.js';
import type { BookEntry, BookLevel } from '../market/book-level.js';
import { BookKeeper } from './book-keeper.js';

/** An entry whose checksum is that of the book `after` (asks, bids) it leads to. */
const entry = (
  seq: number,
  change: { bids?: BookLevel[]; asks?: BookLevel[] },
  after: { bids: BookLevel[]; asks: BookLevel[] },
): BookEntry => ({
  symbol: 'XYZ',
  seq,
  ts: 1000 + seq,
  bids: change.bids ?? [],
  asks: change.asks ?? [],
  checksum: bookChecksum(after.asks, after.bids),
});

const SNAPSHOT_BOOK = {
  bids: [['101.40', '3.000']] as BookLevel[],
  asks: [
    ['101.50', '2.000'],
    ['101.60', '1.000'],
  ] as BookLevel[],
};
const snapshot = entry(1, SNAPSHOT_BOOK, SNAPSHOT_BOOK);

describe('BookKeeper', () => {
  let keeper: BookKeeper;
  beforeEach(() => {
    keeper = new BookKeeper();
    keeper.subscribed(['XYZ'], 10);
  });

  it('matches the contract test vector', () => {
    expect(snapshot.checksum).toBe(3419162938);
  });

  it('is synced by a snapshot and applies updates whose checksum matches', () => {
    expect(keeper.view('XYZ')).toMatchObject({ synced: false, bids: [], asks: [], depth: 10 });
    expect(keeper.apply('snapshot', snapshot)).toMatchObject({
      kind: 'applied',
      update: { kind: 'snapshot', book: { synced: true, seq: 1, ...SNAPSHOT_BOOK } },
    });
    const after = {
      bids: [
        ['101.45', '1.000'],
        ['101.40', '3.000'],
      ] as BookLevel[],
      asks: [['101.60', '1.000']] as BookLevel[],
    };
    const change = {
      bids: [['101.45', '1.000']] as BookLevel[],
      asks: [['101.50', '0.000']] as BookLevel[],
    };
    const outcome = keeper.apply('update', entry(2, change, after));
    expect(outcome).toMatchObject({
      kind: 'applied',
      update: { kind: 'update', changed: change, book: { seq: 2, ts: 1002, ...after } },
    });
  });

  it('reports a mismatch, then ignores updates until a snapshot', () => {
    keeper.apply('snapshot', snapshot);
    const wrong = { ...entry(2, { bids: [['101.41', '1.000']] }, SNAPSHOT_BOOK) };
    const outcome = keeper.apply('update', wrong);
    expect(outcome).toMatchObject({
      kind: 'mismatch',
      mismatch: { symbol: 'XYZ', seq: 2, expected: wrong.checksum },
    });
    expect(outcome.kind === 'mismatch' && outcome.mismatch.actual).not.toBe(wrong.checksum);
    expect(keeper.view('XYZ')?.synced).toBe(false);
    expect(keeper.apply('update', entry(3, {}, SNAPSHOT_BOOK))).toEqual({ kind: 'ignored' });
    expect(keeper.apply('snapshot', entry(4, SNAPSHOT_BOOK, SNAPSHOT_BOOK))).toMatchObject({
      kind: 'applied',
      update: { book: { synced: true, seq: 4 } },
    });
  });

  it('replaces a held book with a fresh snapshot', () => {
    keeper.apply('snapshot', snapshot);
    const fresh = { bids: [['99.00', '5.000']] as BookLevel[], asks: [] as BookLevel[] };
    keeper.apply('snapshot', entry(9, fresh, fresh));
    expect(keeper.view('XYZ')).toMatchObject({ ...fresh, seq: 9, synced: true });
  });

  it('keeps only depth levels a side, as the server counts them', () => {
    const bids: BookLevel[] = Array.from({ length: 12 }, (_, i) => [`${100 - i}.00`, '1.000']);
    keeper.apply('snapshot', entry(1, { bids }, { bids: bids.slice(0, 10), asks: [] }));
    expect(keeper.view('XYZ')?.bids).toHaveLength(10);
  });

  it('a re-subscribe at the same depth keeps the book; another depth starts a new one', () => {
    keeper.apply('snapshot', snapshot);
    keeper.subscribed(['XYZ'], 10);
    expect(keeper.view('XYZ')?.synced).toBe(true);
    keeper.subscribed(['XYZ'], 25);
    expect(keeper.view('XYZ')).toMatchObject({ depth: 25, synced: false, bids: [] });
  });

  it('keeps a book across the unsubscribe of a resync, drops it otherwise', () => {
    keeper.apply('snapshot', snapshot);
    expect(keeper.beginResync('XYZ')).toBe(true);
    expect(keeper.beginResync('XYZ')).toBe(false);
    keeper.unsubscribed(['XYZ']);
    expect(keeper.has('XYZ')).toBe(true);
    keeper.endResync('XYZ');
    keeper.unsubscribed(['XYZ']);
    expect(keeper.has('XYZ')).toBe(false);
    expect(keeper.apply('snapshot', snapshot)).toEqual({ kind: 'ignored' });
  });

  it('release forgets at once, even while resyncing; a disconnect unsyncs every book', () => {
    keeper.subscribed(['ABC'], 10);
    keeper.apply('snapshot', snapshot);
    keeper.beginResync('XYZ');
    keeper.release(['XYZ']);
    expect(keeper.has('XYZ')).toBe(false);
    expect(keeper.beginResync('XYZ')).toBe(false);
    keeper.subscribed(['XYZ'], 10);
    keeper.apply('snapshot', snapshot);
    keeper.disconnected();
    expect(keeper.view('XYZ')).toMatchObject({ synced: false, ...SNAPSHOT_BOOK });
  });
});
