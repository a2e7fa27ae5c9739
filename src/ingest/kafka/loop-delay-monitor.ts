import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Resolution of the event-loop delay sampling, in ms. */
const SAMPLE_RESOLUTION_MS = 10;
/**
 * Windows in a row over the threshold before it counts: a single slow second
 * on a busy machine is not a reason to stop consuming (measured: pausing on
 * every such second stopped consumption for seconds and returned the backlog
 * as one burst).
 */
export const SUSTAINED_WINDOWS = 3;

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
  private windowsOver = 0;

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
    this.windowsOver = p99Ms > this.thresholdMs ? this.windowsOver + 1 : 0;
    if (!this.behind && this.windowsOver >= SUSTAINED_WINDOWS) {
      this.behind = true;
      this.onPressure(true);
    } else if (this.behind && p99Ms <= this.thresholdMs / 2) {
      this.behind = false;
      this.onPressure(false);
    }
  }
}
