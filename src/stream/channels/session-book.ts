import type { BookRoute } from './book-route.js';
import type { ChannelCounters } from './channel-stats.js';
import type { EncodedEntry } from './encoded-entry.js';
import { EntryQueue, type FrameWrite } from './entry-queue.js';
import { writeUpdateFrames } from './update-frames.js';

/**
 * One session's `book` subscriptions and what waits to be written for them:
 * snapshots and shared-mode entries in order in {@link queue}; own-mode routes
 * whose view changed, until their throttle lets them go. Own-mode updates are
 * written only once the queue is empty, so a snapshot precedes every update.
 */
export class SessionBook {
  readonly routes = new Map<string, BookRoute>();
  readonly queue: EntryQueue;
  private readonly dirty = new Set<BookRoute>();

  constructor(private readonly counters: ChannelCounters) {
    this.queue = new EntryQueue('book', counters);
  }

  get hasPending(): boolean {
    return !this.queue.isEmpty || this.dirty.size > 0;
  }

  /** An own-mode route's view changed; returns when its update is due. */
  markDirty(route: BookRoute): number {
    if (route.dirty) this.counters.conflated++;
    route.dirty = true;
    this.dirty.add(route);
    return route.dueAt;
  }

  /** Forgets that `route` has a change waiting (a fresh snapshot covers it). */
  clean(route: BookRoute): void {
    route.dirty = false;
    this.dirty.delete(route);
  }

  /** Drops a route's waiting entries and its pending change. */
  forget(route: BookRoute): void {
    this.clean(route);
    this.queue.drop((key) => key === route.symbol);
  }

  /**
   * Writes the queue (within `budgetBytes`), then, once it is empty, every due
   * own-mode update. `afterUpdate` runs for each route written (it may move the
   * route back to shared mode). Returns the bytes written and when the next flush
   * is due.
   */
  flush(
    now: number,
    budgetBytes: number,
    write: FrameWrite,
    afterUpdate: (route: BookRoute) => void,
  ): { bytes: number; next: number | undefined } {
    let bytes = this.queue.drain(budgetBytes, write);
    if (!this.queue.isEmpty) return { bytes, next: now };
    const entries: EncodedEntry[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const route of this.dirty) {
      if (route.dueAt > now) {
        next = Math.min(next, route.dueAt);
        continue;
      }
      this.clean(route);
      const entry = route.feed.ownUpdate(route);
      if (entry) {
        entries.push(entry);
        route.lastSentAt = now;
      }
      afterUpdate(route);
    }
    bytes += writeUpdateFrames('book', entries, this.counters, write);
    return { bytes, next: next === Number.POSITIVE_INFINITY ? undefined : next };
  }

  clear(): void {
    this.queue.clear();
    for (const route of this.dirty) route.dirty = false;
    this.dirty.clear();
  }
}
