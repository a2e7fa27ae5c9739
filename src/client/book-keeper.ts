import {
  DEFAULT_BOOK_DEPTH,
  type BookDepth,
  type BookEntry,
  type BookLevel,
} from '../market/book-level.js';
import { BookReplica } from '../market/book-replica.js';

/** A read-only copy of one local order book. */
export interface OrderBookView {
  readonly symbol: string;
  /** Levels a side, the subscription's depth. */
  readonly depth: BookDepth;
  /** `seq` of the last entry applied (the source book's sequence), once there is one. */
  readonly seq: number | undefined;
  /** Source time of that entry, epoch ms. */
  readonly ts: number | undefined;
  /**
   * True from a snapshot on while every entry's checksum matched; false while waiting
   * for a (fresh) snapshot: after subscribing, a mismatch or a disconnect.
   */
  readonly synced: boolean;
  /** Best (highest) first. */
  readonly bids: readonly BookLevel[];
  /** Best (lowest) first. */
  readonly asks: readonly BookLevel[];
}

/** Payload of the client's `book` event: an entry was applied and the checksum matched. */
export interface BookUpdate {
  readonly symbol: string;
  readonly kind: 'snapshot' | 'update';
  readonly book: OrderBookView;
  /** The entry's levels: on an update, the levels that changed (quantity `0` = removed). */
  readonly changed: { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] };
}

/** Payload of the client's `bookMismatch` event; the client resubscribes for a fresh snapshot. */
export interface BookMismatch {
  readonly symbol: string;
  /** `seq` of the entry whose checksum did not match. */
  readonly seq: number;
  /** The checksum the server sent. */
  readonly expected: number;
  /** The checksum of the local book after applying the entry. */
  readonly actual: number;
}

/** What {@link BookKeeper.apply} did with one entry. */
export type BookOutcome =
  | { readonly kind: 'applied'; readonly update: BookUpdate }
  | { readonly kind: 'mismatch'; readonly mismatch: BookMismatch }
  /** Not subscribed, or waiting for a snapshot: the entry cannot be applied. */
  | { readonly kind: 'ignored' };

interface LocalBook {
  replica: BookReplica;
  ts: number | undefined;
  synced: boolean;
  /** Between a mismatch and the subscribe that follows the unsubscribe. */
  resyncing: boolean;
}

const IGNORED: BookOutcome = { kind: 'ignored' };

/**
 * The client's local order books, one per subscribed `book` symbol, built with
 * {@link BookReplica} from the snapshot and the updates that follow, the checksum
 * verified after every entry (PROTOCOL.md, "book").
 *
 * A book is synced by a snapshot — the first one, or a fresh one the server sends
 * for a held book when its source recovers, which replaces it. A checksum mismatch
 * unsyncs it: updates are ignored until the next snapshot, which the client obtains
 * by unsubscribing and subscribing again ({@link beginResync}). A disconnect
 * unsyncs every book; the resubscription's snapshots sync them again.
 */
export class BookKeeper {
  private readonly books = new Map<string, LocalBook>();

  /** The server confirmed `symbols` at `depth`: a new book, or a new depth, waits for a snapshot. */
  subscribed(symbols: readonly string[], depth: BookDepth = DEFAULT_BOOK_DEPTH): void {
    for (const symbol of symbols) {
      const book = this.books.get(symbol);
      // Same depth: a throttle change (or a resync's subscribe); the book stays as it is.
      if (book && book.replica.depth === depth) continue;
      this.books.set(symbol, {
        replica: new BookReplica(depth),
        ts: undefined,
        synced: false,
        resyncing: book?.resyncing ?? false,
      });
    }
  }

  /** The server dropped `symbols`; a book being resynced is kept for the subscribe that follows. */
  unsubscribed(symbols: readonly string[]): void {
    for (const symbol of symbols) {
      if (!this.books.get(symbol)?.resyncing) this.books.delete(symbol);
    }
  }

  /** The user dropped `symbols`: forgotten at once, so a resync in flight does not restore them. */
  release(symbols: readonly string[]): void {
    for (const symbol of symbols) this.books.delete(symbol);
  }

  /** Applies one snapshot or update entry. */
  apply(kind: 'snapshot' | 'update', entry: BookEntry): BookOutcome {
    const book = this.books.get(entry.symbol);
    if (!book || (kind === 'update' && !book.synced)) return IGNORED;
    const ok =
      kind === 'snapshot' ? book.replica.applySnapshot(entry) : book.replica.applyUpdate(entry);
    book.synced = ok;
    book.ts = entry.ts;
    if (!ok) {
      return {
        kind: 'mismatch',
        mismatch: {
          symbol: entry.symbol,
          seq: entry.seq,
          expected: entry.checksum,
          actual: book.replica.checksum(),
        },
      };
    }
    return {
      kind: 'applied',
      update: {
        symbol: entry.symbol,
        kind,
        book: viewOf(entry.symbol, book),
        changed: { bids: entry.bids, asks: entry.asks },
      },
    };
  }

  /**
   * Marks `symbol` as being resynced; false when it already is, or is not held, so a
   * burst of mismatching entries causes one resubscription.
   */
  beginResync(symbol: string): boolean {
    const book = this.books.get(symbol);
    if (!book || book.resyncing) return false;
    book.resyncing = true;
    book.synced = false;
    return true;
  }

  endResync(symbol: string): void {
    const book = this.books.get(symbol);
    if (book) book.resyncing = false;
  }

  /** The connection dropped: every book waits for the snapshot of its resubscription. */
  disconnected(): void {
    for (const book of this.books.values()) {
      book.synced = false;
      book.resyncing = false;
    }
  }

  has(symbol: string): boolean {
    return this.books.has(symbol);
  }

  /** Depth of the book of `symbol`, if held. */
  depthOf(symbol: string): BookDepth | undefined {
    return this.books.get(symbol)?.replica.depth;
  }

  /** A copy of the book of `symbol`, if held. */
  view(symbol: string): OrderBookView | undefined {
    const book = this.books.get(symbol);
    return book && viewOf(symbol, book);
  }
}

function viewOf(symbol: string, book: LocalBook): OrderBookView {
  return {
    symbol,
    depth: book.replica.depth,
    seq: book.replica.seq,
    ts: book.ts,
    synced: book.synced,
    bids: book.replica.bidLevels,
    asks: book.replica.askLevels,
  };
}
