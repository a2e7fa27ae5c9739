import type { Ticker } from '../market/ticker.js';

/**
 * An async iterator of tickers over a bounded buffer. A consumer slower than
 * the feed loses the oldest buffered tickers (counted in {@link dropped}),
 * never the newest, and memory stays bounded. Ends when the client closes or
 * when the loop breaks (`return`).
 */
export class TickerQueue implements AsyncIterableIterator<Ticker> {
  /** Tickers discarded because the buffer was full. */
  dropped = 0;
  private buffer: Ticker[] = [];
  private readonly waiters: Array<(result: IteratorResult<Ticker>) => void> = [];
  private ended = false;

  constructor(
    private readonly capacity: number,
    private readonly onEnd: (queue: TickerQueue) => void,
  ) {}

  push(ticker: Ticker): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter({ value: ticker, done: false });
      return;
    }
    if (this.buffer.length >= this.capacity) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(ticker);
  }

  /** No more tickers will come; buffered ones are still delivered. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
    this.onEnd(this);
  }

  next(): Promise<IteratorResult<Ticker>> {
    const ticker = this.buffer.shift();
    if (ticker) return Promise.resolve({ value: ticker, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Called by `break`/`return` in a `for await` loop: stops and discards the buffer. */
  return(): Promise<IteratorResult<Ticker>> {
    this.buffer = [];
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
