import { bookChecksum } from './book-checksum.js';
import {
  BOOK_DEPTHS,
  MAX_BOOK_DEPTH,
  type BookDepth,
  type BookLevel,
  type BookRecord,
  type BookView,
} from './book-level.js';
import { checkBookRecord, type BookDecimals, type BookRejectReason } from './book-record-check.js';
import { BookSide, type BookSideName } from './book-side.js';
import { zeroWithDecimals } from './decimal-string.js';

/** The latest source change that altered the best `depth` levels of a book. */
export interface BookViewChange {
  /** Rises with every such change of this book object (unlike `seq`, never goes back). */
  readonly version: number;
  /** The source `seq` of that change. */
  readonly seq: number;
  /** The source `ts` of that change, epoch ms. */
  readonly ts: number;
}

/** What {@link OrderBook.apply} did with a record. */
export type BookApplyResult =
  /**
   * Applied. `views` lists the depths whose best levels changed. `resync` is set
   * when the record was a snapshot ending a stale spell (or the book's first, or a
   * `seq` that went back): every subscriber should get a fresh snapshot.
   */
  | { readonly kind: 'applied'; readonly resync: boolean; readonly views: readonly BookDepth[] }
  /** A delta whose `seq` jumped: dropped, and the book is stale until a snapshot record. */
  | { readonly kind: 'gap'; readonly expectedSeq: number }
  /**
   * Dropped: `duplicate` — a delta at or below the book's `seq` (a redelivery, already
   * applied); `stale` — a delta while the book waits for a snapshot record.
   */
  | { readonly kind: 'ignored'; readonly reason: 'duplicate' | 'stale' }
  /** Refused whole; the book missed a source change, so it is stale until a snapshot record. */
  | { readonly kind: 'rejected'; readonly reason: BookRejectReason };

/** The shallowest view: it holds the 10 levels a side the checksum covers (`BOOK_CHECKSUM_LEVELS`). */
const CHECKSUM_DEPTH: BookDepth = BOOK_DEPTHS[0];
const NO_CHANGE = Number.POSITIVE_INFINITY;

/**
 * The level-2 book of one symbol, built from the source's snapshot and delta
 * records (PROTOCOL.md, "book"). Prices and quantities stay the strings the source
 * sent; levels are ordered by exact decimal value.
 *
 * Consistency first: the book is stale (frozen at its last consistent state, all
 * deltas dropped) from creation until its first snapshot record, and again after a
 * `seq` jump or a refused record, until the next snapshot record. Clients never get
 * a book that mixes states across a hole.
 *
 * The best levels per subscription depth and the checksum are computed once per
 * change, not once per subscriber.
 */
export class OrderBook {
  private readonly bids = new BookSide('bids');
  private readonly asks = new BookSide('asks');
  private decimals: BookDecimals = { price: undefined, qty: undefined };
  private lastSeq: number | undefined;
  private isStale = true;
  private isReady = false;
  private version = 0;
  private readonly changes = new Map<BookDepth, BookViewChange>(
    BOOK_DEPTHS.map((d) => [d, { version: 0, seq: 0, ts: 0 }]),
  );
  private readonly views = new Map<BookDepth, { version: number; view: BookView }>();
  private checksumCache = { version: -1, value: 0 };

  constructor(readonly symbol: string) {}

  /** Applies a source record of this symbol; see {@link BookApplyResult}. */
  apply(record: BookRecord): BookApplyResult {
    if (record.symbol !== this.symbol) {
      throw new Error(`book of ${this.symbol} was given a record of ${record.symbol}`);
    }
    if (record.kind === 'delta' && this.lastSeq !== undefined && record.seq <= this.lastSeq) {
      return { kind: 'ignored', reason: 'duplicate' };
    }
    const check = checkBookRecord(record, this.decimals);
    if (!check.ok) {
      if (this.isReady) this.isStale = true;
      return { kind: 'rejected', reason: check.reason };
    }
    let rank: number;
    let resync = false;
    if (record.kind === 'delta') {
      if (this.isStale) return { kind: 'ignored', reason: 'stale' };
      const expectedSeq = (this.lastSeq as number) + 1;
      if (record.seq !== expectedSeq) {
        this.isStale = true;
        return { kind: 'gap', expectedSeq };
      }
      rank = Math.min(applyLevels(this.bids, record.bids), applyLevels(this.asks, record.asks));
    } else {
      resync = this.isStale || (this.lastSeq !== undefined && record.seq <= this.lastSeq);
      const changedAt = Math.min(replace(this.bids, record.bids), replace(this.asks, record.asks));
      // A resync starts a new history for subscribers: every view counts as changed,
      // so their fresh snapshots carry this record's seq.
      rank = resync ? 0 : changedAt;
      this.isStale = false;
      this.isReady = true;
    }
    this.decimals = check.decimals;
    this.lastSeq = record.seq;
    const views = BOOK_DEPTHS.filter((depth) => rank < depth);
    if (views.length > 0) {
      this.version++;
      const change = { version: this.version, seq: record.seq, ts: record.ts };
      for (const depth of views) this.changes.set(depth, change);
    }
    return { kind: 'applied', resync, views };
  }

  /** True once a snapshot record was applied: before that the symbol has no book yet. */
  get ready(): boolean {
    return this.isReady;
  }

  /** True while the book waits for a snapshot record (see the class comment). */
  get stale(): boolean {
    return this.isStale;
  }

  /** The `seq` of the last applied record, if any. */
  get seq(): number | undefined {
    return this.lastSeq;
  }

  /** Zero in this symbol's quantity decimals (`"0.000"`): what an update sends for a removed level. */
  get zeroQty(): string {
    return zeroWithDecimals(this.decimals.qty ?? 0);
  }

  /** The best `depth` levels a side (fewer when shallower), best first; shared, never mutated. */
  top(depth: BookDepth): BookView {
    const { version } = this.viewChange(depth);
    const cached = this.views.get(depth);
    if (cached?.version === version) return cached.view;
    const view = { bids: this.bids.top(depth), asks: this.asks.top(depth) };
    this.views.set(depth, { version, view });
    return view;
  }

  /** The checksum of the current best levels (see `bookChecksum`), the same for every depth. */
  checksum(): number {
    const { version } = this.viewChange(CHECKSUM_DEPTH);
    if (this.checksumCache.version !== version) {
      const { asks, bids } = this.top(CHECKSUM_DEPTH);
      this.checksumCache = { version, value: bookChecksum(asks, bids) };
    }
    return this.checksumCache.value;
  }

  /** The latest change to the best `depth` levels. */
  viewChange(depth: BookDepth): BookViewChange {
    return this.changes.get(depth) as BookViewChange;
  }

  /** True when `side` has a level at `price` (at any depth). */
  has(side: BookSideName, price: string): boolean {
    return (side === 'bids' ? this.bids : this.asks).has(price);
  }

  /** Orders two prices of `side`: negative when `a` ranks better than `b`. */
  rank(side: BookSideName, a: string, b: string): number {
    return (side === 'bids' ? this.bids : this.asks).rank(a, b);
  }
}

/** Applies delta levels in order; returns the best rank any of them changed. */
function applyLevels(side: BookSide, levels: readonly BookLevel[]): number {
  let best = NO_CHANGE;
  for (const [price, qty] of levels) {
    const rank = side.set(price, qty);
    if (rank >= 0 && rank < best) best = rank;
  }
  return best;
}

/** Replaces a side; returns the first rank, within the deepest view, where it differs. */
function replace(side: BookSide, levels: readonly BookLevel[]): number {
  const before = side.top(MAX_BOOK_DEPTH);
  side.replace(levels);
  const after = side.top(MAX_BOOK_DEPTH);
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const a = before[i];
    const b = after[i];
    if (a?.[0] !== b?.[0] || a?.[1] !== b?.[1]) return i;
  }
  return NO_CHANGE;
}
