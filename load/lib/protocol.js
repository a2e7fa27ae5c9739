// Protocol v1 constants for the k6 scripts: a plain-JS MIRROR of src/protocol/*.ts
// (and of SYMBOL_PATTERN / WILDCARD_SYMBOL from src/market/symbol.ts).
// k6 cannot import the TypeScript sources, so keep this file in step with them; a unit
// test asserts that the values below equal the ones in src/. No k6 imports here, so Node
// (Jest) can import this module as well.

/** Version of the wire protocol spoken on `/v1/stream` (src/protocol/messages.ts). */
export const PROTOCOL_VERSION = 1;

/** The WebSocket endpoint path. */
export const STREAM_PATH = '/v1/stream';

/** The default channel of protocol v1 (`channel` omitted means this one). */
export const TICKER_CHANNEL = 'ticker';

/** The channels of protocol v1 (src/protocol/messages.ts `Channel`). */
export const Channel = Object.freeze({
  TICKER: TICKER_CHANNEL,
  TRADES: 'trades',
  CANDLES: 'candles',
  BOOK: 'book',
});

/** Longest throttle a client may ask for, in ms. */
export const MAX_THROTTLE_MS = 60000;

/** Client request ops (src/protocol/messages.ts `Op`). */
export const Op = Object.freeze({
  SUBSCRIBE: 'subscribe',
  UNSUBSCRIBE: 'unsubscribe',
  LIST: 'list',
  PING: 'ping',
});

/**
 * Server message `type`s. In src/protocol/messages.ts these exist only as the TypeScript
 * union `ServerMessageType`; the mirror test can compare against that type.
 */
export const MessageType = Object.freeze({
  WELCOME: 'welcome',
  SUBSCRIBED: 'subscribed',
  UNSUBSCRIBED: 'unsubscribed',
  SUBSCRIPTIONS: 'subscriptions',
  PONG: 'pong',
  SNAPSHOT: 'snapshot',
  UPDATE: 'update',
  HEARTBEAT: 'heartbeat',
  WARNING: 'warning',
  ERROR: 'error',
});

/** Error codes of protocol v1 (src/protocol/error-codes.ts). */
export const ErrorCode = Object.freeze({
  BAD_JSON: 'BAD_JSON',
  BAD_REQUEST: 'BAD_REQUEST',
  UNKNOWN_OP: 'UNKNOWN_OP',
  UNKNOWN_CHANNEL: 'UNKNOWN_CHANNEL',
  INVALID_SYMBOL: 'INVALID_SYMBOL',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  TOO_MANY_SYMBOLS: 'TOO_MANY_SYMBOLS',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
});

/** WebSocket close codes (src/protocol/close-codes.ts). */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
  SLOW_CONSUMER: 4008,
  RATE_LIMITED: 4029,
});

/** Close codes after which a client reconnects with backoff and resubscribes. */
export const RETRYABLE_CLOSE_CODES = new Set([
  CloseCode.GOING_AWAY,
  CloseCode.ABNORMAL,
  CloseCode.INTERNAL_ERROR,
  CloseCode.TRY_AGAIN_LATER,
  CloseCode.SLOW_CONSUMER,
  CloseCode.RATE_LIMITED,
]);

/** Warning codes (`warning` frames). */
export const WarningCode = Object.freeze({
  SLOW_CONSUMER: 'SLOW_CONSUMER',
});

/** A symbol as accepted on the wire (src/market/symbol.ts). */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9._:/-]{0,31}$/;

/** The subscription that means "all symbols, present and future". */
export const WILDCARD_SYMBOL = '*';
