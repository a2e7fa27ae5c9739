import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Resolution of the event-loop delay sampling, in ms. */
const SAMPLE_RESOLUTION_MS = 10;
/** How often the delay is evaluated, in ms. */
export const LOOP_DELAY_WINDOW_MS = 1000;

/**
 * Reports when the event loop falls behind: the p99 delay over each window
 * above `thresholdMs` means the process cannot keep up (pressure), at or
 * below half of it means it has recovered.
 */
export class LoopDelayMonitor {
  private histogram: IntervalHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;
  private behind = false;

  constructor(
    private readonly thresholdMs: number,
    private readonly onPressure: (behind: boolean) => void,
  ) {}

  start(): void {
    this.histogram = monitorEventLoopDelay({ resolution: SAMPLE_RESOLUTION_MS });
    this.histogram.enable();
    this.timer = setInterval(() => this.evaluate(), LOOP_DELAY_WINDOW_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram?.disable();
  }

  private evaluate(): void {
    if (!this.histogram) return;
    const p99Ms = this.histogram.percentile(99) / 1e6;
    this.histogram.reset();
    if (!this.behind && p99Ms > this.thresholdMs) {
      this.behind = true;
      this.onPressure(true);
    } else if (this.behind && p99Ms <= this.thresholdMs / 2) {
      this.behind = false;
      this.onPressure(false);
    }
  }
}
