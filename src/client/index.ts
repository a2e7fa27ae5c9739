/**
 * Client SDK of the tickstream protocol v1, for Node (with `ws`) and browsers
 * (native WebSocket). Browser-safe: no Node imports.
 */
export { TickstreamClient } from './tickstream-client.js';
export type {
  SubscribeOptions,
  TickerIteratorOptions,
  TickstreamClientEvents,
} from './client-events.js';
export type {
  BookSubscription,
  CandlesSubscription,
  ChannelSubscription,
  ChannelUnsubscription,
  TickerSubscription,
  TradesSubscription,
} from './channel-subscription.js';
export type { BookMismatch, BookUpdate, OrderBookView } from './book-keeper.js';
export type { TradeGap, TradeGapReason } from './trade-sequencer.js';
export {
  CandleSeries,
  DEFAULT_MAX_BARS,
  type CandleChange,
  type CandleSeriesOptions,
} from './candle-series.js';
export type { HeldSubscription } from './subscription-registry.js';
export type { TickstreamClientOptions } from './client-options.js';
export { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_TICKER_BUFFER_SIZE } from './client-options.js';
export type { ConnectionState, DisconnectInfo } from './connection-state.js';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
export { isRetryableClose, isRetryableRefusal } from './close-policy.js';
export type { ClientClock } from './client-clock.js';
export {
  ConnectionClosedError,
  ConnectionLostError,
  RequestTimeoutError,
  TickstreamError,
  TickstreamRequestError,
} from './client-errors.js';
export { STALE_AFTER_HEARTBEATS } from './staleness-monitor.js';
export type { TickerQueue } from './ticker-queue.js';
export type { WebSocketConstructorLike, WebSocketLike } from './websocket-like.js';
export type { Ticker } from '../market/ticker.js';
export type { Trade, TradeSide } from '../market/trade.js';
export {
  CANDLE_INTERVALS,
  CANDLE_INTERVAL_MS,
  type Candle,
  type CandleInterval,
} from '../market/candle.js';
export {
  BOOK_DEPTHS,
  DEFAULT_BOOK_DEPTH,
  type BookDepth,
  type BookEntry,
  type BookLevel,
} from '../market/book-level.js';
export * from '../protocol/index.js';
