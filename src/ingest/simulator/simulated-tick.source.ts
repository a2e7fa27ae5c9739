import { Logger } from '@nestjs/common';
import {
  BehaviorSubject,
  Subject,
  asyncScheduler,
  interval,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import type { BookRecord } from '../../market/book-level.js';
import { MARKET_FEEDS, type MarketFeed } from '../../market/market-feed.js';
import type { RawTick } from '../../market/tick.js';
import type { Trade } from '../../market/trade.js';
import { IngestStats } from '../ingest-stats.js';
import type { TickSource } from '../tick-source.js';
import { SimulatedMarket, type MarketStep } from './simulated-market.js';
import { runIdAt } from './simulated-trades.js';

/** How often the simulator wakes up to emit the ticks due since its last wake-up, in ms. */
export const SIM_EMIT_INTERVAL_MS = 10;

/** Longest gap between wake-ups that is made up for, in ms. */
export const MAX_CATCH_UP_MS = 1000;

/** Options of {@link SimulatedTickSource}. */
export interface SimulatedTickSourceOptions {
  /** Ticks per second across all symbols (each with its trade and book delta). */
  rate: number;
  /** Number of instruments. */
  symbols: number;
  /** PRNG seed; a random one when undefined. */
  seed: number | undefined;
  /** Levels a side of each simulated book (`SIM_BOOK_LEVELS`). Default 120. */
  bookLevels?: number;
  /** Time source; tests pass a `TestScheduler`. Default: `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/**
 * The embedded default market: random-walk prices for a few hundred realistic
 * instruments at a steady total rate, each tick with its trade and a level-2 book
 * per symbol. On start it emits, per symbol, a book snapshot, an opening trade and
 * an opening tick, so every symbol has a snapshot on every channel from the first
 * second.
 *
 * Order within a step (PROTOCOL.md: the book's best bid/ask equal the ticker's at
 * the same source tick): the book record first, then the trade, then the tick, all
 * synchronously and with the same `ts`. So whatever reacts to a tick finds the
 * book already at its bid and ask, and the trade at that touch.
 */
export class SimulatedTickSource implements TickSource {
  readonly name = 'simulator';
  readonly feeds: readonly MarketFeed[] = MARKET_FEEDS;
  readonly stats = new IngestStats();
  private readonly logger = new Logger(SimulatedTickSource.name);
  private readonly ticks = new Subject<RawTick>();
  private readonly trades = new Subject<Trade>();
  private readonly bookRecords = new Subject<BookRecord>();
  private readonly ready = new BehaviorSubject(false);
  private readonly market: SimulatedMarket;
  private readonly listed: ReadonlySet<string>;
  private readonly scheduler: SchedulerLike;
  private subscription: Subscription | undefined;
  /** Fractional ticks carried between wake-ups, so low rates still emit exactly `rate`/s. */
  private owed = 0;

  readonly ticks$ = this.ticks.asObservable();
  readonly trades$ = this.trades.asObservable();
  readonly bookRecords$ = this.bookRecords.asObservable();
  readonly ready$ = this.ready.asObservable();

  constructor(private readonly options: SimulatedTickSourceOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.market = new SimulatedMarket({
      symbols: options.symbols,
      seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
      feeds: this.feeds,
      runId: runIdAt(this.scheduler.now()),
      bookLevels: options.bookLevels,
    });
    this.listed = new Set(this.market.symbols);
  }

  isListed(symbol: string): boolean {
    return this.listed.has(symbol);
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    for (const step of this.market.opening(this.scheduler.now())) this.emit(step);
    let last = this.scheduler.now();
    this.subscription = interval(SIM_EMIT_INTERVAL_MS, this.scheduler).subscribe(() => {
      const now = this.scheduler.now();
      // Owed ticks follow elapsed time, so a busy event loop delays ticks but
      // does not lower the rate; a long stall is not replayed as a burst.
      const elapsed = Math.min(now - last, MAX_CATCH_UP_MS);
      last = now;
      this.owed += (this.options.rate * elapsed) / 1000;
      for (; this.owed >= 1; this.owed--) this.emit(this.market.next(now));
    });
    this.ready.next(true);
    this.logger.log(
      `simulated market: ${this.listed.size} symbols at ${this.options.rate} ticks/s, ` +
        `with trades and books`,
    );
  }

  /** Book record, trade, tick: the order documented on the class. */
  private emit({ book, trade, tick }: MarketStep): void {
    if (book) {
      this.stats.recordsReceived++;
      this.bookRecords.next(book);
    }
    if (trade) {
      this.stats.recordsReceived++;
      this.trades.next(trade);
    }
    this.stats.recordsReceived++;
    this.ticks.next(tick);
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.ready.next(false);
  }
}
