import { OrderBooks } from './order-books.js';
import { deltaRecord, snapshotRecord } from './testing/book-records.js';

describe('OrderBooks', () => {
  it('creates a book per symbol on its first record', () => {
    const books = new OrderBooks();
    books.apply(snapshotRecord(1, [['1.00', '1']], [], 'AAA'));
    books.apply(snapshotRecord(1, [['2.00', '1']], [], 'BBB'));
    expect([...books.symbols()]).toEqual(['AAA', 'BBB']);
    expect(books.get('AAA')?.top(10).bids).toEqual([['1.00', '1']]);
    expect(books.get('CCC')).toBeUndefined();
  });

  it('lets a subscription obtain a book before its first record', () => {
    const books = new OrderBooks();
    const early = books.obtain('AAA');
    expect(early.ready).toBe(false);
    books.apply(snapshotRecord(1, [['1.00', '1']], [], 'AAA'));
    expect(books.obtain('AAA')).toBe(early);
    expect(early.ready).toBe(true);
  });

  it('counts what happened to records', () => {
    const books = new OrderBooks();
    books.apply(deltaRecord(1, [['1.00', '1']]));
    books.apply(snapshotRecord(2, [['1.00', '1']], []));
    books.apply(deltaRecord(3, [['1.00', '2']]));
    books.apply(deltaRecord(3, [['1.00', '2']]));
    books.apply(deltaRecord(5, [['1.00', '3']]));
    books.apply(deltaRecord(6, [['1.0', '3']]));
    books.apply(deltaRecord(7, [['01.00', '3']]));
    books.apply(snapshotRecord(8, [], []));
    expect(books.stats).toEqual({
      applied: 3,
      resyncs: 2,
      gaps: 1,
      duplicates: 1,
      ignoredWhileStale: 1,
      rejected: { format: 1, decimals: 1 },
    });
  });
});
