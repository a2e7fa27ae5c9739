/** WebSocket close codes used by the service (PROTOCOL.md, "Close codes"). */
export const CloseCode = {
  NORMAL: 1000,
  /** Server shutting down: reconnect, possibly elsewhere. */
  GOING_AWAY: 1001,
  /** Connection dropped without a close frame (never sent, only observed). */
  ABNORMAL: 1006,
  /** The credentials that admitted the connection expired: reconnect with new ones. */
  POLICY_VIOLATION: 1008,
  /** A frame over `limits.maxMessageBytes`. */
  MESSAGE_TOO_BIG: 1009,
  /** Unexpected server error. */
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
  /** Slow consumer: stayed too far behind for too long. */
  SLOW_CONSUMER: 4008,
  /** Request rate limit exceeded repeatedly. */
  RATE_LIMITED: 4029,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which a client reconnects with backoff and resubscribes. */
export const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.GOING_AWAY,
  CloseCode.ABNORMAL,
  CloseCode.INTERNAL_ERROR,
  CloseCode.TRY_AGAIN_LATER,
  CloseCode.SLOW_CONSUMER,
  CloseCode.RATE_LIMITED,
]);
