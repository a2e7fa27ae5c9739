import type { SessionSocket } from '../session-socket.js';

/** A {@link SessionSocket} for unit tests: records frames; tests set `bufferedAmount`. */
export class FakeSocket implements SessionSocket {
  bufferedAmount = 0;
  readonly frames: string[] = [];
  /** When each frame was sent, by the clock given to the constructor. */
  readonly sentAt: number[] = [];
  closedWith: { code: number; reason: string } | undefined;
  terminated = false;

  constructor(private readonly now: () => number = Date.now) {}

  send(data: string): void {
    this.frames.push(data);
    this.sentAt.push(this.now());
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  terminate(): void {
    this.terminated = true;
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
