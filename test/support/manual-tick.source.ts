import { BehaviorSubject, Subject } from 'rxjs';
import type { TickSource } from '../../src/ingest/tick-source.js';
import type { BookRecord } from '../../src/market/book-level.js';
import type { MarketFeed } from '../../src/market/market-feed.js';
import type { RawTick } from '../../src/market/tick.js';
import type { Trade } from '../../src/market/trade.js';
import { IngestStats } from '../../src/ingest/ingest-stats.js';

/** A source driven by the test: it emits exactly the ticks, trades and book records the test gives it. */
export class ManualTickSource implements TickSource {
  readonly name = 'manual';
  readonly stats = new IngestStats();
  private readonly ticks = new Subject<RawTick>();
  private readonly readySubject = new BehaviorSubject(true);
  private readonly trades = new Subject<Trade>();
  private readonly bookRecords = new Subject<BookRecord>();
  readonly ticks$ = this.ticks.asObservable();
  readonly trades$ = this.trades.asObservable();
  readonly bookRecords$ = this.bookRecords.asObservable();
  readonly ready$ = this.readySubject.asObservable();
  /** A listed symbol whose lookup throws, to exercise the INTERNAL error path. */
  failingSymbol: string | undefined;

  constructor(
    private readonly listed: ReadonlySet<string> = new Set(),
    readonly feeds: readonly MarketFeed[] = ['ticks', 'trades', 'book'],
  ) {}

  isListed(symbol: string): boolean {
    if (symbol === this.failingSymbol) throw new Error('reference data unavailable');
    return this.listed.has(symbol);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  setReady(ready: boolean): void {
    this.readySubject.next(ready);
  }

  emitTrade(trade: Trade): void {
    this.trades.next(trade);
  }

  emitBook(record: BookRecord): void {
    this.bookRecords.next(record);
  }

  /** Emits a tick for `symbol` at `last`, stamped now unless `ts` is given. */
  emit(symbol: string, last: number, overrides: Partial<RawTick> = {}): void {
    this.ticks.next({
      symbol,
      ts: Date.now(),
      bid: last - 0.01,
      ask: last + 0.01,
      last,
      lastSize: 100,
      ...overrides,
    });
  }
}
