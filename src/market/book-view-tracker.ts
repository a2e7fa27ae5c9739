import {
  DEFAULT_BOOK_DEPTH,
  type BookDepth,
  type BookEntry,
  type BookLevel,
} from './book-level.js';
import type { BookSideName } from './book-side.js';
import type { OrderBook } from './order-book.js';

/**
 * What one client holds of one book: its best `depth` levels a side as of the last
 * frame it was sent. Turns the book's current state into that client's next
 * `book` entry (PROTOCOL.md, "book").
 *
 * An update is the difference between the view last sent and the view now, taken
 * when the client's frame is flushed. So changes within a throttle window merge
 * per level (latest quantity wins, a level that came and went is not sent), and a
 * change outside the view sends nothing. The entry holds:
 * - each level of the current view whose quantity is new or changed, including a
 *   level that entered the view because a better one left;
 * - each level that left the view because it left the book, with a zero quantity
 *   written in the symbol's quantity decimals (`"0.000"`).
 * A level that left the view only because better ones pushed it below `depth` is
 * not sent: it is still in the book, and the client drops it when it keeps its
 * best `depth` levels a side. After applying the entry and truncating, the client
 * holds exactly the book's best `depth` levels, so the checksum matches.
 */
export class BookViewTracker {
  private sent: Record<BookSideName, Map<string, string>> = { bids: new Map(), asks: new Map() };
  private synced = -1;

  /**
   * @param book the book of the subscribed symbol
   * @param depth levels a side the client keeps; default {@link DEFAULT_BOOK_DEPTH}
   */
  constructor(
    readonly book: OrderBook,
    readonly depth: BookDepth = DEFAULT_BOOK_DEPTH,
  ) {}

  /**
   * The client's whole view, for a `snapshot` frame, which becomes the baseline of
   * later updates. `undefined` while the symbol has no book yet (no snapshot record).
   */
  snapshot(): BookEntry | undefined {
    if (!this.book.ready) return undefined;
    const view = this.book.top(this.depth);
    this.remember(view.bids, view.asks);
    return this.entry(view.bids, view.asks);
  }

  /**
   * The update entry for the client's next frame, or `undefined` when its view did
   * not change since the last entry it was given (or the symbol has no book yet).
   * Before any {@link snapshot}, the baseline is an empty book.
   */
  update(): BookEntry | undefined {
    if (!this.book.ready || this.book.viewChange(this.depth).version === this.synced) {
      return undefined;
    }
    const view = this.book.top(this.depth);
    const bids = this.diff('bids', view.bids);
    const asks = this.diff('asks', view.asks);
    this.remember(view.bids, view.asks);
    if (bids.length === 0 && asks.length === 0) return undefined;
    return this.entry(bids, asks);
  }

  /**
   * The book's view version (see `BookViewChange.version`) the client holds. Two
   * trackers of one book with the same depth and synced version produce the same
   * next update, so a caller may serialise it once for all of them.
   */
  get syncedVersion(): number {
    return this.synced;
  }

  private diff(side: BookSideName, current: readonly BookLevel[]): BookLevel[] {
    const sent = this.sent[side];
    const changed = current.filter(([price, qty]) => sent.get(price) !== qty);
    const inView = new Set(current.map(([price]) => price));
    const zero = this.book.zeroQty;
    let removed = false;
    for (const price of sent.keys()) {
      if (inView.has(price) || this.book.has(side, price)) continue;
      changed.push([price, zero]);
      removed = true;
    }
    // Best first on the wire too, as in snapshots.
    if (removed) changed.sort((a, b) => this.book.rank(side, a[0], b[0]));
    return changed;
  }

  private remember(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    this.sent = { bids: new Map(bids), asks: new Map(asks) };
    this.synced = this.book.viewChange(this.depth).version;
  }

  private entry(bids: readonly BookLevel[], asks: readonly BookLevel[]): BookEntry {
    const { seq, ts } = this.book.viewChange(this.depth);
    return { symbol: this.book.symbol, seq, ts, bids, asks, checksum: this.book.checksum() };
  }
}
