/**
 * The part of a WebSocket a session needs. `ws.WebSocket` satisfies it; unit
 * tests pass a fake that records frames and decides when the peer reads them.
 */
export interface SessionSocket {
  /**
   * Queues one text frame. `onWritten` runs once the frame has left the
   * process (handed to the kernel), or with an error once it never will.
   */
  send(data: string, onWritten: (error?: Error) => void): void;
  /**
   * Queues a WebSocket ping carrying `data`; the peer's pong echoes it. `mask`
   * is false: a server never masks. `onWritten` as for {@link send}.
   */
  ping(data: string, mask: boolean, onWritten: (error?: Error) => void): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a close handshake. A no-op once closed. */
  terminate(): void;
}

/**
 * The transport under a WebSocket (the upgraded `net.Socket`). Corking it lets
 * every frame a session writes in one event-loop turn leave in one `writev`
 * syscall instead of one each — measured as the dominant cost of fan-out.
 */
export interface CorkableTransport {
  cork(): void;
  uncork(): void;
}

/** Largest payload, in bytes, whose length fits the 7-bit field of a frame header. */
const SHORT_PAYLOAD_MAX_BYTES = 125;
/** Largest payload, in bytes, whose length fits the 16-bit extended field. */
const MEDIUM_PAYLOAD_MAX_BYTES = 0xffff;

/**
 * Bytes a server-to-client frame with `payloadBytes` of payload takes on the
 * wire (RFC 6455 §5.2: unmasked, so the header is 2, 4 or 10 bytes).
 */
export function websocketFrameBytes(payloadBytes: number): number {
  if (payloadBytes <= SHORT_PAYLOAD_MAX_BYTES) return payloadBytes + 2;
  if (payloadBytes <= MEDIUM_PAYLOAD_MAX_BYTES) return payloadBytes + 4;
  return payloadBytes + 10;
}
