import type { BookDepth, BookRecord } from '../../market/book-level.js';
import { OrderBooks } from '../../market/order-books.js';
import type { Clock } from '../../shared/clock.js';
import type { ClientSession } from '../client-session.js';
import type { FlushScheduler } from '../flush-scheduler.js';
import { BookDepthFeed } from './book-depth-feed.js';
import { BookRoute } from './book-route.js';
import type { EncodedEntry } from './encoded-entry.js';

/**
 * The `book` channel of the instance: the {@link OrderBooks} built from the
 * source's records, and every subscription to them by (book, depth).
 *
 * A change of a view is diffed and serialised once for all unthrottled
 * subscribers of that (book, depth) that keep up (shared mode) and queued for
 * each; throttled or lagging subscribers are marked and diffed with their own
 * tracker when their flush is due (own mode). A book recovering from a stale
 * spell sends every subscriber a fresh snapshot.
 */
export class BookFeed {
  readonly books = new OrderBooks();
  private readonly feeds = new Map<string, Map<BookDepth, BookDepthFeed>>();

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: FlushScheduler,
  ) {}

  /** A record from the source. */
  onRecord(record: BookRecord): void {
    const result = this.books.apply(record);
    if (result.kind !== 'applied') return;
    const feeds = this.feeds.get(record.symbol);
    if (!feeds) return;
    const now = this.clock.now();
    if (result.resync) {
      for (const feed of feeds.values()) this.resync(feed, now);
      return;
    }
    for (const depth of result.views) {
      const feed = feeds.get(depth);
      if (feed) this.publish(feed, now);
    }
  }

  /**
   * Subscribes `session` to `symbol` at `depth`; unthrottled subscribers that keep
   * up share entries. Returns the route and its snapshot entry (`undefined` when
   * `snapshot` is false or the symbol has no book yet).
   */
  add(
    session: ClientSession,
    symbol: string,
    depth: BookDepth,
    throttleMs: number,
    snapshot: boolean,
  ): { route: BookRoute; snapshot: EncodedEntry | undefined } {
    const feed = this.feedOf(symbol, depth);
    const route = new BookRoute(session, feed, throttleMs);
    // Without a snapshot the client starts from an empty book, which no shared route holds.
    const shared = snapshot && throttleMs === 0 && !session.isLagging;
    const entry = shared ? feed.addShared(route) : feed.addOwn(route, snapshot);
    if (!snapshot) {
      // Its first update carries the whole view, as soon as there is one.
      const dueAt = session.channels.book.markDirty(route);
      this.scheduler.request(session, dueAt, this.clock.now());
    }
    return { route, snapshot: entry };
  }

  /** A held subscription's new throttle (same depth: no snapshot). */
  setThrottle(route: BookRoute, throttleMs: number): void {
    route.throttleMs = throttleMs;
    if (throttleMs > 0) route.feed.toOwn(route);
    else if (!route.dirty && !route.session.isLagging) route.feed.toShared(route);
  }

  /** Ends a subscription; the session drops what of it still waits. */
  remove(route: BookRoute): void {
    const feed = route.feed;
    feed.remove(route);
    route.session.channels.book.forget(route);
    if (feed.size > 0) return;
    const feeds = this.feeds.get(feed.book.symbol);
    feeds?.delete(feed.depth);
    if (feeds?.size === 0) this.feeds.delete(feed.book.symbol);
  }

  /** Number of (session, book) routes. */
  get routeCount(): number {
    let count = 0;
    for (const feeds of this.feeds.values()) for (const feed of feeds.values()) count += feed.size;
    return count;
  }

  private feedOf(symbol: string, depth: BookDepth): BookDepthFeed {
    let feeds = this.feeds.get(symbol);
    if (!feeds) this.feeds.set(symbol, (feeds = new Map()));
    let feed = feeds.get(depth);
    if (!feed) feeds.set(depth, (feed = new BookDepthFeed(this.books.obtain(symbol), depth)));
    return feed;
  }

  /** A change of `feed`'s view: one shared entry for the shared routes; own routes marked. */
  private publish(feed: BookDepthFeed, now: number): void {
    if (feed.shared.size > 0) {
      const entry = feed.sharedUpdate();
      if (entry) {
        for (const route of feed.shared) {
          const session = route.session;
          if (session.isClosed) continue;
          const channels = session.channels;
          channels.book.queue.pushLive(entry);
          // Behind: its entries so far bring it to this view; from here on its
          // changes merge in its own tracker instead of piling up.
          if (channels.lagging) feed.toOwn(route);
          channels.queued();
          this.scheduler.request(session, now, now);
        }
      }
    }
    for (const route of feed.own) {
      const session = route.session;
      if (session.isClosed) continue;
      this.scheduler.request(session, session.channels.book.markDirty(route), now);
    }
  }

  /** The book recovered: every route's queue for it is replaced by a fresh snapshot. */
  private resync(feed: BookDepthFeed, now: number): void {
    const { shared, own } = feed.resync();
    const deliver = (route: BookRoute, entry: EncodedEntry | undefined): void => {
      const session = route.session;
      if (session.isClosed || !entry) return;
      const book = session.channels.book;
      book.forget(route);
      book.queue.pushSnapshot([entry]);
      route.lastSentAt = now;
      this.scheduler.request(session, now, now);
    };
    for (const route of [...feed.shared]) deliver(route, shared);
    for (const [route, entry] of own) {
      deliver(route, entry);
      if (route.throttleMs === 0 && !route.session.isLagging) feed.toShared(route);
    }
  }
}
