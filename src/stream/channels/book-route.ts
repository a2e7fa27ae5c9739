import type { BookDepth } from '../../market/book-level.js';
import type { BookViewTracker } from '../../market/book-view-tracker.js';
import type { ClientSession } from '../client-session.js';
import type { BookDepthFeed } from './book-depth-feed.js';

/**
 * One session's subscription to one book. Two modes:
 * - **shared** (no {@link tracker}): unthrottled and keeping up; it gets the entry of
 *   every change of its view, serialised once for every shared subscriber of the
 *   same (book, depth), queued in order;
 * - **own** ({@link tracker} set): throttled, or behind; its tracker diffs the view
 *   since the last frame it was sent, so changes merge per level at flush time.
 */
export class BookRoute {
  /** Own mode: what this client holds of the book. */
  tracker: BookViewTracker | undefined;
  /** When an update of this route was last written (or its snapshot), ms. */
  lastSentAt = Number.NEGATIVE_INFINITY;
  /** Own mode: the view changed since the last update written. */
  dirty = false;

  constructor(
    readonly session: ClientSession,
    readonly feed: BookDepthFeed,
    public throttleMs: number,
  ) {}

  get symbol(): string {
    return this.feed.book.symbol;
  }

  get depth(): BookDepth {
    return this.feed.depth;
  }

  /** When this route's next update may be written. */
  get dueAt(): number {
    return this.lastSentAt + this.throttleMs;
  }
}
