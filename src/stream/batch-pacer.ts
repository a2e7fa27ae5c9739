import { performance } from 'node:perf_hooks';

/** The share of time the event loop was busy since the previous reading, 0..1. */
export type LoadGauge = () => number;

/** How often the pacer reads the load and adjusts the interval, in ms. */
export const PACE_SAMPLE_MS = 100;
/** Busy share at or above which the interval lengthens. */
export const BUSY_HIGH = 0.8;
/** Busy share at or below which the interval shortens. */
export const BUSY_LOW = 0.5;
/** Factor by which the interval moves per sample. */
const PACE_STEP = 1.5;

/** The process's event-loop utilisation between readings (Node's own accounting). */
export function eventLoopGauge(): LoadGauge {
  let last = performance.eventLoopUtilization();
  return () => {
    const current = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(current, last);
    last = current;
    return delta.utilization;
  };
}

/**
 * How long updates are gathered before a flush, adapting to load. Each flush
 * writes one frame, one syscall, per dirty session, and on this path the
 * syscall is most of the cost: a busy process that keeps a short interval
 * spends its time writing small frames and its queues (and latency) grow.
 * So while the event loop is nearly saturated the interval lengthens, up to
 * `maxMs` (the latency budget), and frames carry more updates for the same
 * syscalls; when the loop has room again it shortens back to `minMs`. Below
 * saturation a longer interval would only add latency: at 60% busy it cost
 * the reference run 12 ms of median latency for no better p99. The gap
 * between the two thresholds keeps it from oscillating.
 *
 * With `maxMs` equal to `minMs` the interval is fixed.
 */
export class BatchPacer {
  private current: number;
  private sampledAt: number;

  constructor(
    readonly minMs: number,
    readonly maxMs: number,
    private readonly gauge: LoadGauge,
    now: number,
  ) {
    this.current = minMs;
    this.sampledAt = now;
  }

  /** The interval now, in ms. */
  get intervalMs(): number {
    return this.current;
  }

  /** Called on each flush pass; reads the load at most every {@link PACE_SAMPLE_MS}. */
  observe(now: number): void {
    if (this.maxMs === this.minMs || now - this.sampledAt < PACE_SAMPLE_MS) return;
    this.sampledAt = now;
    const busy = this.gauge();
    if (busy >= BUSY_HIGH) {
      this.current = Math.min(
        this.maxMs,
        Math.max(this.current + 1, Math.ceil(this.current * PACE_STEP)),
      );
    } else if (busy <= BUSY_LOW) {
      this.current = Math.max(this.minMs, Math.floor(this.current / PACE_STEP));
    }
  }
}
