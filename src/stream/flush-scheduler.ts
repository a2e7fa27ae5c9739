import type { Clock, TimerHandle } from '../shared/clock.js';
import type { BatchPacer } from './batch-pacer.js';
import type { ClientSession } from './client-session.js';

/**
 * One timer for all sessions: gathers updates for the batch interval so each
 * flush writes one frame per session, and wakes throttled sessions when their
 * window closes. Sessions with nothing pending cost nothing. The interval is
 * `batchIntervalMs`, or with a {@link BatchPacer} whatever it currently says.
 */
export class FlushScheduler {
  private readonly dirty = new Map<ClientSession, number>();
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly batchIntervalMs: number,
    private readonly pacer?: BatchPacer,
  ) {}

  private get intervalMs(): number {
    return this.pacer ? this.pacer.intervalMs : this.batchIntervalMs;
  }

  /**
   * Asks for `session` to be flushed at `dueAt` (or the next batch boundary, if
   * later). `now` is the caller's clock reading: the fan-out reads the clock once
   * per tick, not once per subscriber.
   */
  request(session: ClientSession, dueAt: number, now: number): void {
    const known = this.dirty.get(session);
    if (known === undefined || dueAt < known) this.dirty.set(session, dueAt);
    const at = Math.max(dueAt, now + this.intervalMs);
    if (at < this.timerAt) this.arm(at);
  }

  /** Sessions waiting for a flush. */
  get size(): number {
    return this.dirty.size;
  }

  /** Cancels the timer (shutdown). */
  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.dirty.clear();
  }

  private arm(at: number): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(0, at - this.clock.now()));
  }

  private run(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    this.pacer?.observe(now);
    let earliest = Infinity;
    for (const [session, dueAt] of this.dirty) {
      if (dueAt > now) {
        earliest = Math.min(earliest, dueAt);
        continue;
      }
      const next = session.flush(now);
      if (next === undefined) {
        this.dirty.delete(session);
      } else {
        this.dirty.set(session, next);
        earliest = Math.min(earliest, next);
      }
    }
    if (earliest !== Infinity) this.arm(Math.max(earliest, now + this.intervalMs));
  }
}
