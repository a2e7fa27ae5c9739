/** Counters of a tick source, read by the metrics endpoint when scraped. */
export class IngestStats {
  /** Records received from the source, of every feed (the simulator counts each tick, trade and book record). */
  recordsReceived = 0;
  /** Skipped records by reason (decode failures, duplicates). */
  readonly rejected = new Map<string, number>();
  /** Times the source paused consumption for backpressure, and resumed it. */
  pauses = 0;
  resumes = 0;
  paused = false;
  /** Times a crashed consumer was replaced by a new one. */
  consumerRestarts = 0;
  /** Decoded ticks waiting to be applied. */
  queueDepth = 0;
  /** Consumer lag (records behind the high watermark) by `topic/partition`. */
  readonly lag = new Map<string, number>();

  reject(reason: string): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }
}
