/**
 * The part of a WebSocket a session needs. `ws.WebSocket` satisfies it; unit
 * tests pass a fake that records frames and lets them set `bufferedAmount`.
 */
export interface SessionSocket {
  /** Bytes accepted by `send` but not yet written to the network. */
  readonly bufferedAmount: number;
  send(data: string): void;
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
