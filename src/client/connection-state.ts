/**
 * Where the client stands:
 * - `connecting`: first attempt after `connect()`;
 * - `open`: `welcome` received, requests flow;
 * - `reconnecting`: the connection dropped with a retryable code, waiting out backoff or retrying;
 * - `closed`: not connected and not trying (before `connect()`, after `close()`, or given up).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Payload of the `disconnect` event: one socket ended. */
export interface DisconnectInfo {
  /** WebSocket close code (1006 when the connection failed or dropped). */
  readonly code: number;
  readonly reason: string;
  /** HTTP status of a refused upgrade, when the runtime reports it (`ws` does, browsers do not). */
  readonly httpStatus?: number;
  /** Whether the client will try again. */
  readonly willReconnect: boolean;
  /** Backoff before the next attempt, ms, when it will. */
  readonly delayMs?: number;
}
