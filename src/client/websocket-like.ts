/**
 * The part of a WebSocket the client uses. Both the browser's native
 * `WebSocket` and the `ws` package's `WebSocket` fit it, so the client runs in
 * either without depending on one.
 *
 * The handler slots take `never` on purpose: `ws` and the DOM declare their own
 * event classes, and a slot typed with either would refuse the other. The
 * client reads only the fields described by {@link MessageEventLike},
 * {@link CloseEventLike} and {@link ErrorEventLike}, which both provide.
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: `globalThis.WebSocket` in browsers, `WebSocket` from `ws` in Node. */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/** `readyState` of an open socket (the same constant in the DOM and in `ws`). */
export const SOCKET_OPEN = 1;

export interface MessageEventLike {
  /** A string for text frames; `ws` may hand over a Buffer, browsers an ArrayBuffer or Blob. */
  readonly data: unknown;
}

export interface CloseEventLike {
  readonly code: number;
  readonly reason: string;
}

export interface ErrorEventLike {
  /** Set by `ws` (e.g. "Unexpected server response: 401"); browsers give no detail. */
  readonly message?: string;
}

/** The global WebSocket class, when the runtime has one (browsers, Node ≥ 22). */
export function globalWebSocket(): WebSocketConstructorLike | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
}
