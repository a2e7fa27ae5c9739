import type { ClientClock } from './client-clock.js';

/** How many heartbeat periods of silence make a feed stale (protocol, "Liveness"). */
export const STALE_AFTER_HEARTBEATS = 2;

/**
 * Tells a quiet market from a dead feed: the server sends a `heartbeat` after
 * `heartbeatMs` without other frames, so no frame at all for
 * 2 × `heartbeatMs` means the feed is stale. Keeps running while the client
 * reconnects, so a long outage is reported as staleness too.
 *
 * One timer, re-armed for the remaining time when it fires, instead of a
 * reset per frame: frames can arrive thousands of times a second.
 */
export class StalenessMonitor {
  private limitMs = 0;
  private lastFrameAt = 0;
  private timer: unknown;
  private armed = false;
  private isStale = false;

  constructor(
    private readonly clock: ClientClock,
    private readonly onChange: (stale: boolean, silentMs: number) => void,
  ) {}

  get stale(): boolean {
    return this.isStale;
  }

  /** Starts (or restarts) watching with the heartbeat period of the current connection. */
  start(heartbeatMs: number): void {
    this.limitMs = STALE_AFTER_HEARTBEATS * heartbeatMs;
    this.armed = true;
    this.cancelTimer();
    this.frame();
  }

  /** A frame arrived. */
  frame(): void {
    if (!this.armed) return;
    const now = this.clock.now();
    const silentMs = now - this.lastFrameAt;
    this.lastFrameAt = now;
    if (this.timer === undefined) this.schedule(this.limitMs);
    if (this.isStale) {
      this.isStale = false;
      this.onChange(false, silentMs);
    }
  }

  stop(): void {
    this.armed = false;
    this.cancelTimer();
  }

  private schedule(delayMs: number): void {
    this.timer = this.clock.setTimeout(() => this.check(), delayMs);
  }

  private check(): void {
    this.timer = undefined;
    const silentMs = this.clock.now() - this.lastFrameAt;
    if (silentMs < this.limitMs) {
      this.schedule(this.limitMs - silentMs);
      return;
    }
    // No timer while stale: the next frame re-arms it.
    if (!this.isStale) {
      this.isStale = true;
      this.onChange(true, silentMs);
    }
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
