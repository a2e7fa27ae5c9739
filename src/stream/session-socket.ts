/**
 * The part of a WebSocket a session needs. `ws.WebSocket` satisfies it; unit
 * tests pass a fake that records frames and lets them set `bufferedAmount`.
 */
export interface SessionSocket {
  /** Bytes accepted by `send` but not yet written to the network. */
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}
