import type { BookLevel, BookRecord } from '../../src/market/book-level.js';
import type { RandomFn } from '../../src/ingest/simulator/seeded-random.js';

/** Options of {@link BookRecordGenerator}. */
export interface BookRecordGeneratorOptions {
  /** Levels a side the book hovers around (it stays within ±30 of it). Default 150. */
  readonly levels?: number;
  /** A snapshot record after this many deltas, as producers send one every N deltas. Default 500. */
  readonly snapshotEvery?: number;
}

type Side = Map<number, string>;

/**
 * A source of valid level-2 records for one symbol, for tests: a random book of
 * about `levels` levels a side (bids 90.00–99.99, asks 100.00–109.99, so it
 * never crosses; prices with 2 decimals, quantities with 3), changed by deltas
 * of 1–4 levels biased towards the touch (so shallow views change too), with a
 * snapshot record every `snapshotEvery` deltas. {@link skip} loses a record, as
 * a gap in the source would.
 */
export class BookRecordGenerator {
  private seq = 0;
  private sinceSnapshot = 0;
  private readonly bids: Side = new Map();
  private readonly asks: Side = new Map();
  private readonly levels: number;
  private readonly snapshotEvery: number;

  constructor(
    readonly symbol: string,
    private readonly random: RandomFn,
    options: BookRecordGeneratorOptions = {},
  ) {
    this.levels = options.levels ?? 150;
    this.snapshotEvery = options.snapshotEvery ?? 500;
    while (this.bids.size < this.levels) this.bids.set(9999 - this.int(1000), this.qty());
    while (this.asks.size < this.levels) this.asks.set(10_000 + this.int(1000), this.qty());
  }

  /** The next record: a delta, or a snapshot record when one is due (the first is one). */
  next(now = Date.now()): BookRecord {
    if (this.seq === 0 || this.sinceSnapshot >= this.snapshotEvery) return this.snapshot(now);
    this.sinceSnapshot++;
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    const changes = 1 + this.int(4);
    for (let i = 0; i < changes; i++) {
      const isBid = this.random() < 0.5;
      this.change(isBid ? this.bids : this.asks, isBid, isBid ? bids : asks);
    }
    return { symbol: this.symbol, kind: 'delta', seq: ++this.seq, ts: now, bids, asks };
  }

  /** A snapshot record of the whole book. */
  snapshot(now = Date.now()): BookRecord {
    this.sinceSnapshot = 0;
    return {
      symbol: this.symbol,
      kind: 'snapshot',
      seq: ++this.seq,
      ts: now,
      bids: [...this.bids].map(([p, q]): BookLevel => [price(p), q]),
      asks: [...this.asks].map(([p, q]): BookLevel => [price(p), q]),
    };
  }

  /** Loses the next record: the book moves on, the service never sees that change. */
  skip(): void {
    this.next();
  }

  private change(side: Side, isBid: boolean, out: BookLevel[]): void {
    const sorted = [...side.keys()].sort((a, b) => (isBid ? b - a : a - b));
    const nearTop = (): number => sorted[Math.floor(this.random() ** 3 * sorted.length)] as number;
    const roll = this.random();
    const grow = side.size < this.levels - 30 || (side.size <= this.levels + 30 && roll < 0.3);
    const shrink = !grow && (side.size > this.levels + 30 || roll < 0.6);
    if (grow) {
      const touch = sorted[0] as number;
      const offset = Math.floor(this.random() ** 2 * 300) - 5;
      const p = isBid
        ? Math.min(9999, Math.max(9000, touch - offset))
        : Math.max(10_000, Math.min(10_999, touch + offset));
      if (side.has(p)) return;
      const q = this.qty();
      side.set(p, q);
      out.push([price(p), q]);
    } else if (shrink) {
      const p = nearTop();
      side.delete(p);
      out.push([price(p), '0.000']);
    } else {
      const p = nearTop();
      const q = this.qty();
      side.set(p, q);
      out.push([price(p), q]);
    }
  }

  private qty(): string {
    return `${1 + this.int(50)}.${String(this.int(1000)).padStart(3, '0')}`;
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }
}

function price(cents: number): string {
  return (cents / 100).toFixed(2);
}
