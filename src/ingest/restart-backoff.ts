/**
 * Delays between restarts of something that keeps failing: doubling from
 * `initialMs` up to `maxMs`, back to `initialMs` once it has worked again.
 * No jitter: restarts are per process, and the Kafka client adds its own to
 * its retries.
 */
export class RestartBackoff {
  private attempt = 0;

  /**
   * @param initialMs first delay, in ms. Default 1000.
   * @param maxMs longest delay, in ms. Default 30000.
   */
  constructor(
    private readonly initialMs = 1000,
    private readonly maxMs = 30_000,
  ) {}

  /** The delay before the next restart, in ms; each call doubles the following one. */
  next(): number {
    const delay = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    if (delay < this.maxMs) this.attempt++;
    return delay;
  }

  /** The restarted thing works: the next failure starts again from `initialMs`. */
  reset(): void {
    this.attempt = 0;
  }
}
