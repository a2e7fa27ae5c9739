import { Channel, type SubscriptionEntry } from '../../protocol/messages.js';
import type { BookRoute } from './book-route.js';
import type { ChannelSink } from './channel-sink.js';
import type { ChannelStats } from './channel-stats.js';
import type { FrameWrite } from './entry-queue.js';
import { SessionBook } from './session-book.js';
import { SessionCandles } from './session-candles.js';
import { SessionTrades } from './session-trades.js';

/**
 * A session's state on the `trades`, `candles` and `book` channels: created on its
 * first subscription to one of them, so a ticker-only connection never pays for it.
 */
export class SessionChannels {
  readonly trades: SessionTrades;
  readonly candles: SessionCandles;
  readonly book: SessionBook;

  /**
   * @param sink the session, for its lag state and hard cap
   * @param flushBudgetBytes most bytes of queued entries written per flush, so a
   *   large snapshot goes out at the client's pace (the slow-consumer policy looks
   *   between flushes) instead of all within one event-loop turn
   */
  constructor(
    private readonly sink: ChannelSink,
    stats: ChannelStats,
    private readonly flushBudgetBytes: number,
  ) {
    this.trades = new SessionTrades(stats.trades);
    this.candles = new SessionCandles(stats.candles);
    this.book = new SessionBook(stats.book);
  }

  get lagging(): boolean {
    return this.sink.lagging();
  }

  /** Live entries were queued: let the session enforce its hard cap. */
  queued(): void {
    this.sink.queued();
  }

  /** Bytes of live entries waiting in every channel: they count against the hard cap. */
  get queuedBytes(): number {
    return this.trades.queue.liveBytes + this.candles.queue.liveBytes + this.book.queue.liveBytes;
  }

  get hasPending(): boolean {
    return !this.trades.queue.isEmpty || this.candles.hasPending || this.book.hasPending;
  }

  /**
   * Writes what is due on every channel, within the flush budget. Returns when the
   * next flush is due (`now` when the budget ran out), or `undefined`.
   */
  flush(now: number, write: FrameWrite): number | undefined {
    let budget = this.flushBudgetBytes;
    let next = Number.POSITIVE_INFINITY;
    budget -= this.trades.queue.drain(budget, write);
    if (!this.trades.queue.isEmpty) next = now;
    const candles = this.candles.flush(now, Math.max(0, budget), write);
    budget -= candles.bytes;
    next = Math.min(next, candles.next ?? Number.POSITIVE_INFINITY);
    const book = this.book.flush(now, Math.max(0, budget), write, this.rejoin);
    next = Math.min(next, book.next ?? Number.POSITIVE_INFINITY);
    return next === Number.POSITIVE_INFINITY ? undefined : next;
  }

  /**
   * An unthrottled book route that fell behind went to own mode; once its update
   * has brought its client to the current view and it keeps up, it shares again.
   */
  private readonly rejoin = (route: BookRoute): void => {
    if (route.throttleMs === 0 && !this.sink.lagging()) route.feed.toShared(route);
  };

  /** Subscriptions per channel, as `maxSymbols` counts them (each candle interval one). */
  count(channel: Exclude<Channel, 'ticker'>): number {
    switch (channel) {
      case Channel.TRADES:
        return this.trades.symbols.size;
      case Channel.CANDLES:
        return this.candles.routes.size;
      case Channel.BOOK:
        return this.book.routes.size;
    }
  }

  /** Every subscription, as listed by the `list` op. */
  entries(): SubscriptionEntry[] {
    const list: SubscriptionEntry[] = [];
    for (const symbol of this.trades.symbols) {
      list.push({ channel: Channel.TRADES, symbol, throttleMs: 0 });
    }
    for (const route of this.candles.routes.values()) {
      const { symbol, interval, throttleMs } = route;
      list.push({ channel: Channel.CANDLES, symbol, throttleMs, interval });
    }
    for (const route of this.book.routes.values()) {
      const { symbol, depth, throttleMs } = route;
      list.push({ channel: Channel.BOOK, symbol, throttleMs, depth });
    }
    return list;
  }

  /** Drops everything waiting (the session closed). */
  clear(): void {
    this.trades.queue.clear();
    this.candles.clear();
    this.book.clear();
  }
}
