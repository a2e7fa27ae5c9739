import type { SessionSocket } from '../session-socket.js';

/**
 * A {@link SessionSocket} for unit tests: records frames, and plays a peer that
 * reads everything at once until {@link stall} — then frames stay unsent (their
 * write callbacks wait) until {@link read}.
 */
export class FakeSocket implements SessionSocket {
  readonly frames: string[] = [];
  /** When each frame was sent, by the clock given to the constructor. */
  readonly sentAt: number[] = [];
  closedWith: { code: number; reason: string } | undefined;
  terminated = false;
  private stalled = false;
  private readonly unread: Array<() => void> = [];

  constructor(private readonly now: () => number = Date.now) {}

  send(data: string, onWritten: (error?: Error) => void): void {
    this.frames.push(data);
    this.sentAt.push(this.now());
    if (this.stalled) this.unread.push(() => onWritten());
    else onWritten();
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The peer stops reading: frames written from now on stay unsent. */
  stall(): void {
    this.stalled = true;
  }

  /** The peer reads everything unsent and keeps reading. */
  read(): void {
    this.stalled = false;
    for (const written of this.unread.splice(0)) written();
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
}
