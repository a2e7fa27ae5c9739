import type { BookEntry } from '../market/book-level.js';
import type { Candle } from '../market/candle.js';
import type { Ticker } from '../market/ticker.js';
import type { Trade } from '../market/trade.js';
import type { ErrorCode } from './error-codes.js';

/** Version of the wire protocol spoken on `/v1/stream`. */
export const PROTOCOL_VERSION = 1;

/** The WebSocket endpoint path. */
export const STREAM_PATH = '/v1/stream';

/** The default channel of protocol v1 (`channel` omitted means this one). */
export const TICKER_CHANNEL = 'ticker';

/**
 * The channels of protocol v1. `ticker` is conflated full state; `trades` is every trade,
 * never conflated, resumable by `seq`; `candles` are OHLCV bars the server aggregates from
 * trades; `book` is level-2 depth as diffs with a checksum. An instance serves those its
 * source feeds; `welcome.channels` names them.
 */
export const Channel = {
  TICKER: TICKER_CHANNEL,
  TRADES: 'trades',
  CANDLES: 'candles',
  BOOK: 'book',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

/** Longest throttle a client may ask for, in ms. */
export const MAX_THROTTLE_MS = 60_000;

/** A request id: echoed back verbatim in the reply. */
export type RequestId = string | number;

export const Op = {
  SUBSCRIBE: 'subscribe',
  UNSUBSCRIBE: 'unsubscribe',
  LIST: 'list',
  PING: 'ping',
} as const;
export type Op = (typeof Op)[keyof typeof Op];

export interface SubscribeRequest {
  op: 'subscribe';
  id?: RequestId;
  channel?: string;
  symbols: string[];
  throttleMs?: number;
  snapshot?: boolean;
  /** `candles` only (required there): one of the candle intervals, e.g. `1m`. */
  interval?: string;
  /** `candles` only: closed bars in the snapshot, 0..1000, default 100. */
  history?: number;
  /** `book` only: levels a side, 10, 25 or 100, default 10. */
  depth?: number;
  /** `trades` only: symbol → the last trade `seq` the client has; resumes after it. */
  since?: Record<string, number>;
}

export interface UnsubscribeRequest {
  op: 'unsubscribe';
  id?: RequestId;
  channel?: string;
  symbols: string[];
  /** `candles` only: drop this interval; without it, every interval of the symbols. */
  interval?: string;
}

export interface ListRequest {
  op: 'list';
  id?: RequestId;
}

export interface PingRequest {
  op: 'ping';
  id?: RequestId;
}

export type ClientRequest = SubscribeRequest | UnsubscribeRequest | ListRequest | PingRequest;

/** Limits announced in `welcome`; the server enforces exactly these. */
export interface SessionLimits {
  maxSymbols: number;
  minThrottleMs: number;
  maxMessageBytes: number;
  maxRequestsPerSecond: number;
}

export interface WelcomeMessage {
  type: 'welcome';
  protocol: typeof PROTOCOL_VERSION;
  sessionId: string;
  serverTime: number;
  limits: SessionLimits;
  heartbeatMs: number;
  /** The channels this instance serves; any other is `UNKNOWN_CHANNEL`. */
  channels: Channel[];
}

export interface SubscribedMessage {
  type: 'subscribed';
  id?: RequestId;
  channel: string;
  symbols: string[];
  /** Effective throttle (the server floor applied); always 0 on `trades`. */
  throttleMs: number;
  /** Echoed on `candles`. */
  interval?: string;
  /** Echoed on `candles`: effective number of closed bars in the snapshot. */
  history?: number;
  /** Echoed on `book`: effective depth. */
  depth?: number;
}

export interface UnsubscribedMessage {
  type: 'unsubscribed';
  id?: RequestId;
  channel: string;
  symbols: string[];
  /** Echoed on `candles` when the request named one. */
  interval?: string;
}

export interface SubscriptionEntry {
  channel: string;
  symbol: string;
  throttleMs: number;
  /** On `candles`: one entry per (symbol, interval). */
  interval?: string;
  /** On `book`. */
  depth?: number;
}

export interface SubscriptionsMessage {
  type: 'subscriptions';
  id?: RequestId;
  subscriptions: SubscriptionEntry[];
}

export interface PongMessage {
  type: 'pong';
  id?: RequestId;
  serverTime: number;
}

/** What a `snapshot` or `update` frame carries on each channel. */
export interface ChannelData {
  ticker: Ticker;
  trades: Trade;
  candles: Candle;
  book: BookEntry;
}

/**
 * A `snapshot` frame; without a type argument, the union over channels, so narrowing on
 * `channel` narrows `data`.
 */
export type SnapshotMessage<C extends Channel = Channel> = {
  [K in C]: {
    type: 'snapshot';
    channel: K;
    data: Array<ChannelData[K]>;
    /** `trades` only: symbols whose `since` is older than what the server retains. */
    truncated?: string[];
  };
}[C];

/** An `update` frame; without a type argument, the union over channels (see {@link SnapshotMessage}). */
export type UpdateMessage<C extends Channel = Channel> = {
  [K in C]: { type: 'update'; channel: K; data: Array<ChannelData[K]> };
}[C];

export interface HeartbeatMessage {
  type: 'heartbeat';
  serverTime: number;
}

export interface WarningMessage {
  type: 'warning';
  code: 'SLOW_CONSUMER';
  message: string;
}

/** One field's validation problem, in `BAD_REQUEST` errors. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** One symbol's reason, in symbol errors that mix reasons. */
export interface SymbolProblem {
  symbol: string;
  code: ErrorCode;
}

export interface ErrorMessage {
  type: 'error';
  id?: RequestId;
  code: ErrorCode;
  message: string;
  symbols?: string[];
  details?: Array<FieldProblem | SymbolProblem>;
}

export type ServerMessage =
  | WelcomeMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | SubscriptionsMessage
  | PongMessage
  | SnapshotMessage
  | UpdateMessage
  | HeartbeatMessage
  | WarningMessage
  | ErrorMessage;

export type ServerMessageType = ServerMessage['type'];
