import type { BookDepth, BookEntry } from '../../market/book-level.js';
import { BookViewTracker } from '../../market/book-view-tracker.js';
import type { OrderBook } from '../../market/order-book.js';
import type { BookRoute } from './book-route.js';
import { encodeEntry, type EncodedEntry } from './encoded-entry.js';

/**
 * Every subscription to one (book, depth), and the entries they share.
 *
 * Shared routes all hold the view at the shared tracker's version (the entries
 * queued for them bring them there), so one diff and one serialisation per change
 * serves them all. Own routes diff with their own tracker; two trackers of this
 * view at the same version produce the same update, so updates (and snapshots) are
 * serialised once per (version they start from, version they reach).
 */
export class BookDepthFeed {
  readonly shared = new Set<BookRoute>();
  readonly own = new Set<BookRoute>();
  private readonly tracker: BookViewTracker;
  private snapshotCache: { version: number; entry: EncodedEntry | undefined } = {
    version: -1,
    entry: undefined,
  };
  private updateCache = { version: -1, byFrom: new Map<number, EncodedEntry>() };

  constructor(
    readonly book: OrderBook,
    readonly depth: BookDepth,
  ) {
    this.tracker = new BookViewTracker(book, depth);
  }

  get size(): number {
    return this.shared.size + this.own.size;
  }

  /** The book's version of this view now. */
  get version(): number {
    return this.book.viewChange(this.depth).version;
  }

  /**
   * Adds a route in shared mode and returns the snapshot entry its client starts
   * from (`undefined` while the symbol has no book yet).
   */
  addShared(route: BookRoute): EncodedEntry | undefined {
    route.tracker = undefined;
    this.shared.add(route);
    // Re-baselines the shared tracker at the current version, where every shared
    // route already is (their queues bring them there).
    return this.encodeSnapshot(this.tracker.snapshot());
  }

  /**
   * Adds a route in own mode. With `snapshot`, returns the snapshot entry its client
   * starts from; without, its client starts from an empty book, so its first update
   * carries the whole view.
   */
  addOwn(route: BookRoute, snapshot: boolean): EncodedEntry | undefined {
    route.tracker = new BookViewTracker(this.book, this.depth);
    this.own.add(route);
    return snapshot ? this.encodeSnapshot(route.tracker.snapshot()) : undefined;
  }

  remove(route: BookRoute): void {
    this.shared.delete(route);
    this.own.delete(route);
    route.tracker = undefined;
  }

  /**
   * Moves a shared route to own mode (it became throttled, or fell behind). Its
   * client holds the current view once its queue is written, so its tracker
   * starts from there; nothing is sent.
   */
  toOwn(route: BookRoute): void {
    if (!this.shared.delete(route)) return;
    route.tracker = new BookViewTracker(this.book, this.depth);
    route.tracker.snapshot();
    this.own.add(route);
  }

  /**
   * Moves an own route back to shared mode when its client holds the current view
   * (its tracker is synced to it). Returns whether it moved.
   */
  toShared(route: BookRoute): boolean {
    const tracker = route.tracker;
    if (!tracker || !this.book.ready || tracker.syncedVersion !== this.version) return false;
    // With no shared route, nobody kept the shared tracker current: bring it there.
    if (this.shared.size === 0) this.tracker.update();
    this.own.delete(route);
    route.tracker = undefined;
    this.shared.add(route);
    return true;
  }

  /** The entry of the latest change for the shared routes, or `undefined` when their view did not change. */
  sharedUpdate(): EncodedEntry | undefined {
    const from = this.tracker.syncedVersion;
    return this.encodeUpdate(from, this.tracker.update());
  }

  /** An own route's merged update since its last frame, or `undefined` when its view did not change. */
  ownUpdate(route: BookRoute): EncodedEntry | undefined {
    const tracker = route.tracker;
    if (!tracker) return undefined;
    const from = tracker.syncedVersion;
    return this.encodeUpdate(from, tracker.update());
  }

  /**
   * The book recovered (or got its first snapshot record): the fresh snapshot of
   * the shared routes, and each own route's, re-baselining every tracker.
   */
  resync(): { shared: EncodedEntry | undefined; own: Map<BookRoute, EncodedEntry | undefined> } {
    const shared = this.shared.size > 0 ? this.encodeSnapshot(this.tracker.snapshot()) : undefined;
    const own = new Map<BookRoute, EncodedEntry | undefined>();
    for (const route of this.own) own.set(route, this.encodeSnapshot(route.tracker?.snapshot()));
    return { shared, own };
  }

  private encodeSnapshot(entry: BookEntry | undefined): EncodedEntry | undefined {
    if (!entry) return undefined;
    const version = this.version;
    if (this.snapshotCache.version !== version) {
      this.snapshotCache = { version, entry: encodeEntry(entry) };
    }
    return this.snapshotCache.entry;
  }

  private encodeUpdate(from: number, entry: BookEntry | undefined): EncodedEntry | undefined {
    if (!entry) return undefined;
    const version = this.version;
    if (this.updateCache.version !== version) {
      this.updateCache = { version, byFrom: new Map() };
    }
    let encoded = this.updateCache.byFrom.get(from);
    if (!encoded) {
      encoded = encodeEntry(entry);
      this.updateCache.byFrom.set(from, encoded);
    }
    return encoded;
  }
}
