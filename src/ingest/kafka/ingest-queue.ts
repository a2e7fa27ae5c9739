/**
 * Records (ticks, trades, book records) handed to the pipeline per event-loop
 * turn, so flushes and socket I/O interleave; small slices also mean fewer
 * repeated symbols per burst, hence fewer extra frames for unthrottled subscribers.
 */
export const DRAIN_SLICE = 200;

/**
 * A bounded hand-off between the Kafka fetch loop and the pipeline, in arrival
 * order. Crossing `capacity` reports pressure (the source pauses its partitions);
 * draining to half of it reports relief (the source resumes).
 */
export class IngestQueue<T> {
  private items: T[] = [];
  private head = 0;
  private full = false;
  private draining = false;

  constructor(
    private readonly capacity: number,
    private readonly sink: (item: T) => void,
    private readonly onPressure: (full: boolean) => void,
    private readonly onDrained: () => void,
  ) {}

  get depth(): number {
    return this.items.length - this.head;
  }

  push(items: readonly T[]): void {
    for (const item of items) this.items.push(item);
    if (!this.full && this.depth >= this.capacity) {
      this.full = true;
      this.onPressure(true);
    }
    this.scheduleDrain();
  }

  /** Drops everything queued (shutdown). */
  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drainSlice());
  }

  private drainSlice(): void {
    const end = Math.min(this.items.length, this.head + DRAIN_SLICE);
    for (; this.head < end; this.head++) this.sink(this.items[this.head]!);
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    if (this.full && this.depth <= this.capacity / 2) {
      this.full = false;
      this.onPressure(false);
    }
    this.draining = false;
    if (this.depth > 0) this.scheduleDrain();
    else this.onDrained();
  }
}
