import type { BookRecord } from './book-level.js';
import type { BookRejectReason } from './book-record-check.js';
import { OrderBook, type BookApplyResult } from './order-book.js';

/** Counters since construction, for metrics. */
export interface OrderBooksStats {
  /** Records applied. */
  readonly applied: number;
  /** Snapshot records that ended a stale spell (or were a symbol's first). */
  readonly resyncs: number;
  /** Deltas whose `seq` jumped, each making its book stale. */
  readonly gaps: number;
  /** Deltas at or below their book's `seq` (redeliveries). */
  readonly duplicates: number;
  /** Deltas dropped while their book waited for a snapshot record. */
  readonly ignoredWhileStale: number;
  /** Records refused, by reason. */
  readonly rejected: Readonly<Record<BookRejectReason, number>>;
}

/**
 * The order books of every symbol, created by their first record (or by a
 * subscription that comes before it, see {@link obtain}).
 */
export class OrderBooks {
  private readonly books = new Map<string, OrderBook>();
  private counters = {
    applied: 0,
    resyncs: 0,
    gaps: 0,
    duplicates: 0,
    ignoredWhileStale: 0,
    rejected: { format: 0, decimals: 0 },
  };

  /** Applies `record` to its symbol's book; see {@link BookApplyResult}. */
  apply(record: BookRecord): BookApplyResult {
    const result = this.obtain(record.symbol).apply(record);
    this.count(result);
    return result;
  }

  /** The book of `symbol`, if one exists. */
  get(symbol: string): OrderBook | undefined {
    return this.books.get(symbol);
  }

  /**
   * The book of `symbol`, created empty (not `ready`) when missing, so a subscription
   * can hold it before the first record arrives. Callers pass only known symbols.
   */
  obtain(symbol: string): OrderBook {
    let book = this.books.get(symbol);
    if (!book) {
      book = new OrderBook(symbol);
      this.books.set(symbol, book);
    }
    return book;
  }

  /** Symbols with a book, in creation order. */
  symbols(): IterableIterator<string> {
    return this.books.keys();
  }

  get stats(): OrderBooksStats {
    return { ...this.counters, rejected: { ...this.counters.rejected } };
  }

  private count(result: BookApplyResult): void {
    switch (result.kind) {
      case 'applied':
        this.counters.applied++;
        if (result.resync) this.counters.resyncs++;
        break;
      case 'gap':
        this.counters.gaps++;
        break;
      case 'ignored':
        if (result.reason === 'duplicate') this.counters.duplicates++;
        else this.counters.ignoredWhileStale++;
        break;
      case 'rejected':
        this.counters.rejected[result.reason]++;
        break;
    }
  }
}
