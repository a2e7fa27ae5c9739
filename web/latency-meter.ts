interface Sample {
  readonly at: number;
  readonly latencyMs: number;
}

/** Summary of the samples in the window. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/**
 * End-to-end latency (`Date.now() - ticker.ts`: source event to screen) over a
 * sliding window, and the rate of tickers in it.
 */
export class LatencyMeter {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = 5000) {}

  record(latencyMs: number, now = Date.now()): void {
    this.samples.push({ at: now, latencyMs });
  }

  summary(now = Date.now()): LatencySummary | undefined {
    const horizon = now - this.windowMs;
    let first = 0;
    while (first < this.samples.length && this.samples[first]!.at < horizon) first++;
    if (first > 0) this.samples = this.samples.slice(first);
    if (this.samples.length === 0) return undefined;
    const sorted = this.samples.map((s) => s.latencyMs).sort((a, b) => a - b);
    const at = (q: number): number =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
  }

  /** Tickers per second over the window. */
  rate(now = Date.now()): number {
    const summary = this.summary(now);
    return summary ? summary.count / (this.windowMs / 1000) : 0;
  }
}
