import { bookChecksum } from './book-checksum.js';
import type { BookDepth, BookEntry, BookLevel } from './book-level.js';
import { BookSide } from './book-side.js';

/**
 * A client's copy of one book, built from `book` entries as the contract says a
 * client builds it (PROTOCOL.md, "book"): a snapshot replaces it; an update sets
 * each level, a zero quantity removing it; then only the best `depth` levels a side
 * are kept. For the client SDK, and for tests that check what clients would see.
 */
export class BookReplica {
  private readonly bids = new BookSide('bids');
  private readonly asks = new BookSide('asks');
  private lastSeq: number | undefined;

  /** @param depth levels a side kept, the subscription's depth */
  constructor(readonly depth: BookDepth) {}

  /**
   * Replaces the book with a snapshot entry.
   * @returns true when the result matches the entry's checksum
   */
  applySnapshot(entry: BookEntry): boolean {
    this.bids.replace(entry.bids);
    this.asks.replace(entry.asks);
    return this.settle(entry);
  }

  /**
   * Applies an update entry.
   * @returns true when the result matches the entry's checksum; on false the client
   * resubscribes for a fresh snapshot
   */
  applyUpdate(entry: BookEntry): boolean {
    for (const [price, qty] of entry.bids) this.bids.set(price, qty);
    for (const [price, qty] of entry.asks) this.asks.set(price, qty);
    return this.settle(entry);
  }

  /** Bids, highest first. */
  get bidLevels(): BookLevel[] {
    return this.bids.top(this.depth);
  }

  /** Asks, lowest first. */
  get askLevels(): BookLevel[] {
    return this.asks.top(this.depth);
  }

  /** `seq` of the last entry applied, if any. */
  get seq(): number | undefined {
    return this.lastSeq;
  }

  /** The checksum of the current levels, as the server computes it. */
  checksum(): number {
    return bookChecksum(this.asks.top(this.depth), this.bids.top(this.depth));
  }

  private settle(entry: BookEntry): boolean {
    this.bids.truncate(this.depth);
    this.asks.truncate(this.depth);
    this.lastSeq = entry.seq;
    return this.checksum() === entry.checksum;
  }
}
