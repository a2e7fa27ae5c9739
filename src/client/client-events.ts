import type { Candle } from '../market/candle.js';
import type { Ticker } from '../market/ticker.js';
import type { Trade } from '../market/trade.js';
import {
  Op,
  type ClientRequest,
  type ServerMessage,
  type ServerMessageType,
  type WarningMessage,
  type WelcomeMessage,
} from '../protocol/index.js';
import type { BookMismatch, BookUpdate } from './book-keeper.js';
import type { TickstreamError } from './client-errors.js';
import type { ConnectionState, DisconnectInfo } from './connection-state.js';
import type { TradeGap } from './trade-sequencer.js';

/** Events of {@link TickstreamClient} and their payloads. */
export interface TickstreamClientEvents {
  state: ConnectionState;
  /** A connection's `welcome`: its session id, limits and heartbeat. */
  welcome: WelcomeMessage;
  /** Each ticker newer than the one held for its symbol, from snapshots and updates. */
  ticker: Ticker;
  /** The tickers of a `snapshot` frame that were newer than those held. */
  snapshot: readonly Ticker[];
  /**
   * Each trade of a `trades` subscription, snapshot and live, in `seq` order per
   * symbol; repeats (e.g. a resumption overlapping what was held) are dropped.
   */
  trade: Trade;
  /** A symbol's trades did not continue at the held `seq` + 1 (reported before that trade's `trade`). */
  tradeGap: TradeGap;
  /** Each bar state of a `candles` subscription, snapshot and updates (see `CandleSeries`). */
  candle: Candle;
  /** A local order book changed: a snapshot or update entry applied, its checksum matched. */
  book: BookUpdate;
  /**
   * A book's checksum did not match after an entry: the book waits for a fresh snapshot,
   * which the client requests at once by unsubscribing and subscribing it again.
   */
  bookMismatch: BookMismatch;
  warning: WarningMessage;
  /**
   * Errors no caller awaits: server `error` frames without a pending request,
   * a failed resubscription, a malformed frame, or {@link ConnectionClosedError}
   * when the client gives up.
   */
  error: TickstreamError;
  disconnect: DisconnectInfo;
  /** No frame for 2 × `heartbeatMs`. */
  stale: { readonly silentMs: number };
  /** A frame arrived after the feed was stale. */
  fresh: { readonly silentMs: number };
}

/** Options of one `ticker` subscribe call, `subscribe(symbols, options)`. */
export interface SubscribeOptions {
  /** Minimum interval between two updates of a symbol, ms (0..60000). Default: the server's floor. */
  readonly throttleMs?: number;
  /** Whether to receive a snapshot of the new symbols. Default true. */
  readonly snapshot?: boolean;
}

/** Options of one {@link TickstreamClient.tickers} iterator. */
export interface TickerIteratorOptions {
  /** Buffer capacity in tickers; the oldest are dropped beyond it. Default: the client's `tickerBufferSize`. */
  readonly bufferSize?: number;
  /** Only these symbols. Default: all. */
  readonly symbols?: Iterable<string>;
}

/** Request ops and the reply type each expects. */
export const REPLY_TYPE = {
  [Op.SUBSCRIBE]: 'subscribed',
  [Op.UNSUBSCRIBE]: 'unsubscribed',
  [Op.LIST]: 'subscriptions',
  [Op.PING]: 'pong',
} as const satisfies Record<Op, ServerMessageType>;

export type ReplyTo<R extends ClientRequest> = Extract<
  ServerMessage,
  { type: (typeof REPLY_TYPE)[R['op']] }
>;
