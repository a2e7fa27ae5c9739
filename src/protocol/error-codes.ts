/** Error codes of protocol v1 (PROTOCOL.md, "Errors"). An error never closes the connection. */
export const ErrorCode = {
  /** The frame is not JSON, not a JSON object, or not a text frame. */
  BAD_JSON: 'BAD_JSON',
  /** The request failed validation; `details` lists each field's problem. */
  BAD_REQUEST: 'BAD_REQUEST',
  UNKNOWN_OP: 'UNKNOWN_OP',
  UNKNOWN_CHANNEL: 'UNKNOWN_CHANNEL',
  /** A symbol does not match the symbol format. */
  INVALID_SYMBOL: 'INVALID_SYMBOL',
  /** A well-formed symbol the service does not know. */
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  /** More symbols than `limits.maxSymbols` in one request or in the whole session. */
  TOO_MANY_SYMBOLS: 'TOO_MANY_SYMBOLS',
  /** The credentials are not entitled to a symbol (or to `"*"`). */
  FORBIDDEN: 'FORBIDDEN',
  /** More than `limits.maxRequestsPerSecond`; the request was not processed. */
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
