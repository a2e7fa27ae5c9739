import { DEFAULT_BOOK_DEPTH, isBookDepth } from '../market/book-level.js';
import {
  Channel,
  type SnapshotMessage,
  type SubscribedMessage,
  type UnsubscribedMessage,
  type UpdateMessage,
} from '../protocol/index.js';
import type { BookKeeper } from './book-keeper.js';
import type { BookResyncer } from './book-resyncer.js';
import type { TickstreamClientEvents } from './client-events.js';
import type { TickerFilter } from './ticker-filter.js';
import type { TradeSequencer } from './trade-sequencer.js';

/** Emits one of the client's events. */
export type EmitEvent = <K extends keyof TickstreamClientEvents>(
  event: K,
  payload: TickstreamClientEvents[K],
) => void;

/**
 * Turns `snapshot` and `update` frames of every channel into the client's events,
 * through the per-channel state: tickers not newer than the held one are dropped,
 * trades are checked for continuity (repeats dropped, gaps reported), book entries
 * are applied to the local books and checked, a mismatch starting a resync. It also
 * follows `subscribed`/`unsubscribed` replies, which say what the server now holds.
 */
export class MarketDataDispatcher {
  constructor(
    private readonly emit: EmitEvent,
    private readonly tickers: TickerFilter,
    private readonly trades: TradeSequencer,
    private readonly books: BookKeeper,
    private readonly resyncer: BookResyncer,
  ) {}

  frame(message: SnapshotMessage | UpdateMessage): void {
    switch (message.channel) {
      case Channel.TICKER: {
        const accepted = message.data.filter((ticker) => this.tickers.accept(ticker));
        if (message.type === 'snapshot') this.emit('snapshot', accepted);
        for (const ticker of accepted) this.emit('ticker', ticker);
        return;
      }
      case Channel.TRADES: {
        const truncated = new Set(message.type === 'snapshot' ? (message.truncated ?? []) : []);
        for (const trade of message.data) {
          const verdict = this.trades.accept(trade, truncated.delete(trade.symbol));
          if (!verdict.accepted) continue;
          if (verdict.gap) this.emit('tradeGap', verdict.gap);
          this.emit('trade', trade);
        }
        return;
      }
      case Channel.CANDLES:
        for (const candle of message.data) this.emit('candle', candle);
        return;
      case Channel.BOOK:
        for (const entry of message.data) {
          const outcome = this.books.apply(message.type, entry);
          if (outcome.kind === 'applied') {
            if (message.type === 'update') this.resyncer.healthy(entry.symbol);
            this.emit('book', outcome.update);
          } else if (outcome.kind === 'mismatch') {
            this.emit('bookMismatch', outcome.mismatch);
            this.resyncer.resync(entry.symbol);
          }
        }
        return;
      default:
      // A channel this SDK does not know (a newer server): nothing subscribed it.
    }
  }

  /** A `subscribed` or `unsubscribed` frame, whoever asked for it. */
  reply(message: SubscribedMessage | UnsubscribedMessage): void {
    if (message.type === 'subscribed') {
      if (message.channel === Channel.BOOK) {
        const depth = isBookDepth(message.depth) ? message.depth : DEFAULT_BOOK_DEPTH;
        this.books.subscribed(message.symbols, depth);
      }
      return;
    }
    if (message.channel === Channel.BOOK) this.books.unsubscribed(message.symbols);
    // A later subscription starts afresh: no gap reported across the time unsubscribed.
    if (message.channel === Channel.TRADES) this.trades.forget(message.symbols);
  }
}
