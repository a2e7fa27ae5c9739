/**
 * A fixed-capacity FIFO that overwrites its oldest item when full: the bounded
 * retention behind trade history and closed-candle history. Index 0 is the oldest.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  /** @param capacity maximum number of items kept; a positive integer. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`, dropping the oldest one when the buffer is full. */
  push(item: T): void {
    const tail = (this.head + this.count) % this.capacity;
    this.items[tail] = item;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** The item at `index` (0 = oldest), or `undefined` outside `0..size-1`. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) % this.capacity];
  }

  /** The newest item, if any. */
  newest(): T | undefined {
    return this.at(this.count - 1);
  }

  /** The oldest item, if any. */
  oldest(): T | undefined {
    return this.at(0);
  }

  /** Items from `start` (0 = oldest, clamped to `0..size`) to the newest, oldest first. */
  sliceFrom(start: number): T[] {
    const from = Math.min(Math.max(0, Math.floor(start) || 0), this.count);
    const out = new Array<T>(this.count - from);
    for (let i = from; i < this.count; i++)
      out[i - from] = this.items[(this.head + i) % this.capacity] as T;
    return out;
  }

  /** The newest `n` items (fewer when fewer are held), oldest first. */
  last(n: number): T[] {
    if (!(n > 0)) return [];
    return this.sliceFrom(this.count - Math.floor(n));
  }

  /** Drops every item; capacity is kept. */
  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
