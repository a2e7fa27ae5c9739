import type { ChannelCounters } from './channel-stats.js';
import { EntryQueue } from './entry-queue.js';

/**
 * One session's `trades` subscriptions: the symbols, and the trades waiting to be
 * written. Trades are never conflated: each one waits in {@link queue} until
 * written, counting against the session's hard cap.
 */
export class SessionTrades {
  readonly symbols = new Set<string>();
  readonly queue: EntryQueue;

  constructor(counters: ChannelCounters) {
    this.queue = new EntryQueue('trades', counters);
  }

  /** Drops the symbols and whatever of theirs is still queued. */
  remove(symbols: readonly string[]): void {
    const dropped = new Set(symbols.filter((s) => this.symbols.delete(s)));
    if (dropped.size > 0) this.queue.drop((key) => dropped.has(key));
  }
}
