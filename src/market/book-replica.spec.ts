import { bookChecksum } from './book-checksum.js';
import type { BookEntry, BookLevel } from './book-level.js';
import { BookReplica } from './book-replica.js';
import { ladder } from './testing/book-records.js';

function entry(seq: number, bids: BookLevel[], asks: BookLevel[], checksum: number): BookEntry {
  return { symbol: 'XYZ', seq, ts: 0, bids, asks, checksum };
}

describe('BookReplica', () => {
  it('replaces its book with a snapshot and checks the checksum', () => {
    const replica = new BookReplica(10);
    const asks: BookLevel[] = [
      ['101.50', '2.000'],
      ['101.60', '1.000'],
    ];
    const bids: BookLevel[] = [['101.40', '3.000']];
    expect(replica.applySnapshot(entry(7, bids, asks, 3419162938))).toBe(true);
    expect(replica.bidLevels).toEqual(bids);
    expect(replica.askLevels).toEqual(asks);
    expect(replica.seq).toBe(7);
  });

  it('sets, removes and keeps only the best depth levels on an update', () => {
    const replica = new BookReplica(10);
    const bids = ladder(10, 99.99, -0.01);
    replica.applySnapshot(entry(1, bids, [], bookChecksum([], bids)));
    const expected = [['100.00', '1.000'] as const, ...bids.slice(0, 2), ...bids.slice(3, 10)];
    const ok = replica.applyUpdate(
      entry(
        2,
        [
          ['100.00', '1.000'],
          [bids[2]?.[0] as string, '0.000'],
        ],
        [],
        bookChecksum([], expected),
      ),
    );
    expect(ok).toBe(true);
    expect(replica.bidLevels).toEqual(expected);
  });

  it('reports a checksum mismatch', () => {
    const replica = new BookReplica(10);
    expect(replica.applySnapshot(entry(1, [['1.00', '1']], [], 42))).toBe(false);
  });
});
