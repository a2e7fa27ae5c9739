import { Logger } from '@nestjs/common';
import {
  BehaviorSubject,
  EMPTY,
  Subject,
  asyncScheduler,
  interval,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import type { BookRecord } from '../../market/book-level.js';
import type { MarketFeed } from '../../market/market-feed.js';
import type { Trade } from '../../market/trade.js';
import type { RawTick } from '../../market/tick.js';
import { IngestStats } from '../ingest-stats.js';
import type { TickSource } from '../tick-source.js';
import { buildInstrumentUniverse } from './instrument-universe.js';
import { MarketSimulator } from './market-simulator.js';
import { seededRandom } from './seeded-random.js';

/** How often the simulator wakes up to emit the ticks due since its last wake-up, in ms. */
export const SIM_EMIT_INTERVAL_MS = 10;

/** Longest gap between wake-ups that is made up for, in ms. */
export const MAX_CATCH_UP_MS = 1000;

/** Options of {@link SimulatedTickSource}. */
export interface SimulatedTickSourceOptions {
  /** Ticks per second across all symbols. */
  rate: number;
  /** Number of instruments. */
  symbols: number;
  /** PRNG seed; a random one when undefined. */
  seed: number | undefined;
  /** Time source; tests pass a `TestScheduler`. Default: `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/**
 * The embedded default market: random-walk prices for a few hundred realistic
 * instruments at a steady total rate. On start it emits one opening tick per
 * symbol, so every symbol has a snapshot from the first second.
 */
export class SimulatedTickSource implements TickSource {
  readonly name = 'simulator';
  // Until this source produces trades and book records, it feeds ticks only.
  readonly feeds: readonly MarketFeed[] = ['ticks'];
  readonly trades$: Observable<Trade> = EMPTY;
  readonly bookRecords$: Observable<BookRecord> = EMPTY;
  readonly stats = new IngestStats();
  private readonly logger = new Logger(SimulatedTickSource.name);
  private readonly ticks = new Subject<RawTick>();
  private readonly ready = new BehaviorSubject(false);
  private readonly simulator: MarketSimulator;
  private readonly listed: ReadonlySet<string>;
  private readonly scheduler: SchedulerLike;
  private subscription: Subscription | undefined;
  /** Fractional ticks carried between wake-ups, so low rates still emit exactly `rate`/s. */
  private owed = 0;

  readonly ticks$ = this.ticks.asObservable();
  readonly ready$ = this.ready.asObservable();

  constructor(private readonly options: SimulatedTickSourceOptions) {
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    const random = seededRandom(seed);
    this.simulator = new MarketSimulator(buildInstrumentUniverse(options.symbols, random), random);
    this.listed = new Set(this.simulator.symbols);
    this.scheduler = options.scheduler ?? asyncScheduler;
  }

  isListed(symbol: string): boolean {
    return this.listed.has(symbol);
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    for (const tick of this.simulator.openingTicks(this.scheduler.now())) this.emit(tick);
    let last = this.scheduler.now();
    this.subscription = interval(SIM_EMIT_INTERVAL_MS, this.scheduler).subscribe(() => {
      const now = this.scheduler.now();
      // Owed ticks follow elapsed time, so a busy event loop delays ticks but
      // does not lower the rate; a long stall is not replayed as a burst.
      const elapsed = Math.min(now - last, MAX_CATCH_UP_MS);
      last = now;
      this.owed += (this.options.rate * elapsed) / 1000;
      for (; this.owed >= 1; this.owed--) this.emit(this.simulator.next(now));
    });
    this.ready.next(true);
    this.logger.log(
      `simulated market: ${this.listed.size} symbols at ${this.options.rate} ticks/s`,
    );
  }

  private emit(tick: RawTick): void {
    this.stats.recordsReceived++;
    this.ticks.next(tick);
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.ready.next(false);
  }
}
