// Types of load/lib/protocol.js, so TypeScript code (e.g. the unit test comparing the mirror
// with src/protocol) can import it under `strict` without allowJs.
export declare const PROTOCOL_VERSION: 1;
export declare const STREAM_PATH: '/v1/stream';
export declare const TICKER_CHANNEL: 'ticker';
export declare const Channel: Readonly<{ TICKER: 'ticker'; TRADES: 'trades'; CANDLES: 'candles'; BOOK: 'book' }>;
export declare const MAX_THROTTLE_MS: 60000;

export declare const Op: Readonly<{
  SUBSCRIBE: 'subscribe';
  UNSUBSCRIBE: 'unsubscribe';
  LIST: 'list';
  PING: 'ping';
}>;

export declare const MessageType: Readonly<{
  WELCOME: 'welcome';
  SUBSCRIBED: 'subscribed';
  UNSUBSCRIBED: 'unsubscribed';
  SUBSCRIPTIONS: 'subscriptions';
  PONG: 'pong';
  SNAPSHOT: 'snapshot';
  UPDATE: 'update';
  HEARTBEAT: 'heartbeat';
  WARNING: 'warning';
  ERROR: 'error';
}>;

export declare const ErrorCode: Readonly<{
  BAD_JSON: 'BAD_JSON';
  BAD_REQUEST: 'BAD_REQUEST';
  UNKNOWN_OP: 'UNKNOWN_OP';
  UNKNOWN_CHANNEL: 'UNKNOWN_CHANNEL';
  INVALID_SYMBOL: 'INVALID_SYMBOL';
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL';
  TOO_MANY_SYMBOLS: 'TOO_MANY_SYMBOLS';
  FORBIDDEN: 'FORBIDDEN';
  RATE_LIMITED: 'RATE_LIMITED';
  INTERNAL: 'INTERNAL';
}>;

export declare const CloseCode: Readonly<{
  NORMAL: 1000;
  GOING_AWAY: 1001;
  ABNORMAL: 1006;
  POLICY_VIOLATION: 1008;
  MESSAGE_TOO_BIG: 1009;
  INTERNAL_ERROR: 1011;
  TRY_AGAIN_LATER: 1013;
  SLOW_CONSUMER: 4008;
  RATE_LIMITED: 4029;
}>;

export declare const RETRYABLE_CLOSE_CODES: ReadonlySet<number>;

export declare const WarningCode: Readonly<{ SLOW_CONSUMER: 'SLOW_CONSUMER' }>;

export declare const SYMBOL_PATTERN: RegExp;
export declare const WILDCARD_SYMBOL: '*';
