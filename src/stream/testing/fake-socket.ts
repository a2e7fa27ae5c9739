import { websocketFrameBytes, type SessionSocket } from '../session-socket.js';

/**
 * A {@link SessionSocket} for unit tests, playing the peer and the kernel
 * between: a peer that reads everything at once, until {@link stall}. Then the
 * kernel takes up to `kernelBytes` more (their write callbacks run, yet the
 * peer has not read them) and further frames stay unsent until {@link read}.
 * The peer answers a ping (through {@link pong}) once it has read it.
 */
export class FakeSocket implements SessionSocket {
  readonly frames: string[] = [];
  /** When each frame was sent, by the clock given to the constructor. */
  readonly sentAt: number[] = [];
  /** Payloads of the WebSocket pings written, in order. */
  readonly pings: string[] = [];
  /** Receives the peer's pongs; tests wire it to the session's `acknowledge`. */
  pong: (payload: string) => void = () => undefined;
  closedWith: { code: number; reason: string } | undefined;
  terminated = false;
  private stalled = false;
  private inKernelBytes = 0;
  /** Write callbacks of frames the kernel had no room for. */
  private readonly unsent: Array<() => void> = [];
  /** Pings the stalled peer has not read. */
  private readonly unreadPings: string[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    /** Bytes the kernel accepts for a stalled peer before writes wait. */
    private readonly kernelBytes = 0,
  ) {}

  send(data: string, onWritten: (error?: Error) => void): void {
    this.frames.push(data);
    this.sentAt.push(this.now());
    this.transmit(websocketFrameBytes(Buffer.byteLength(data)), () => onWritten());
  }

  ping(data: string, _mask: boolean, onWritten: (error?: Error) => void): void {
    this.pings.push(data);
    this.transmit(websocketFrameBytes(data.length), () => onWritten());
    if (this.stalled) this.unreadPings.push(data);
    else this.pong(data);
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The peer stops reading. */
  stall(): void {
    this.stalled = true;
  }

  /** The peer reads everything written so far, answers its pings, and keeps reading. */
  read(): void {
    this.stalled = false;
    this.inKernelBytes = 0;
    for (const written of this.unsent.splice(0)) written();
    for (const payload of this.unreadPings.splice(0)) this.pong(payload);
  }

  /** Parsed frames of one `type`. */
  messages<T = Record<string, unknown>>(type: string): T[] {
    return this.frames
      .map((f) => JSON.parse(f) as { type: string })
      .filter((m) => m.type === type) as T[];
  }

  /** Every ticker received in `update` frames, in order. */
  updates(): Array<{ symbol: string; seq: number; last: number }> {
    return this.messages<{ data: Array<{ symbol: string; seq: number; last: number }> }>(
      'update',
    ).flatMap((m) => m.data);
  }

  private transmit(bytes: number, written: () => void): void {
    if (!this.stalled) return written();
    if (this.unsent.length === 0 && this.inKernelBytes + bytes <= this.kernelBytes) {
      this.inKernelBytes += bytes;
      return written();
    }
    this.unsent.push(written);
  }
}
