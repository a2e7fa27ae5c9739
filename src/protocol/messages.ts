import type { Ticker } from '../market/ticker.js';
import type { ErrorCode } from './error-codes.js';

/** Version of the wire protocol spoken on `/v1/stream`. */
export const PROTOCOL_VERSION = 1;

/** The WebSocket endpoint path. */
export const STREAM_PATH = '/v1/stream';

/** The only channel of protocol v1. */
export const TICKER_CHANNEL = 'ticker';

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
}

export interface UnsubscribeRequest {
  op: 'unsubscribe';
  id?: RequestId;
  channel?: string;
  symbols: string[];
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
}

export interface SubscribedMessage {
  type: 'subscribed';
  id?: RequestId;
  channel: string;
  symbols: string[];
  throttleMs: number;
}

export interface UnsubscribedMessage {
  type: 'unsubscribed';
  id?: RequestId;
  channel: string;
  symbols: string[];
}

export interface SubscriptionEntry {
  channel: string;
  symbol: string;
  throttleMs: number;
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

export interface SnapshotMessage {
  type: 'snapshot';
  channel: string;
  data: Ticker[];
}

export interface UpdateMessage {
  type: 'update';
  channel: string;
  data: Ticker[];
}

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
