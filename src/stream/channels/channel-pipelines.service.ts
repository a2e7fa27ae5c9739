import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { filter, take, type Observable, type Subscription } from 'rxjs';
import { RestartBackoff } from '../../ingest/restart-backoff.js';
import { TICK_SOURCE, type TickSource } from '../../ingest/tick-source.js';
import { CLOCK, every, type Clock, type TimerHandle } from '../../shared/clock.js';
import { RateLimitedLogger } from '../../shared/rate-limited-logger.js';
import { BookFeed } from './book-feed.js';
import { CandleFeed } from './candle-feed.js';
import { TradeFeed } from './trade-feed.js';

/**
 * How often the server's clock closes candles whose end has passed by
 * `CANDLE_CLOSE_GRACE_MS`, in ms: a quiet symbol's bar closes at most this late,
 * and a pass over every open bar (6 per traded symbol) costs microseconds.
 */
export const CANDLE_CLOCK_MS = 250;

/**
 * Feeds the trades, candles and book channels from the source: trades into the
 * trade feed and (redeliveries dropped) the candle aggregator; book records into
 * the order books; the clock into candle closing — started only once the source
 * is first ready, so a warm-start replay of past trades rebuilds their bars before
 * the clock could close them early.
 *
 * Subscribed at module init, before any source starts (the ticker pipeline
 * starts the source at bootstrap), so no warm-start record is missed. A record
 * that makes a step throw is logged and skipped; a source stream that errors or
 * completes is resubscribed after a delay that doubles while it keeps failing.
 */
@Injectable()
export class ChannelPipelines implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ChannelPipelines.name);
  private readonly failures: RateLimitedLogger;
  private readonly subscriptions: Subscription[] = [];
  private readonly timers = new Set<TimerHandle>();
  private stopClock: (() => void) | undefined;
  private shuttingDown = false;

  constructor(
    @Inject(TICK_SOURCE) private readonly source: TickSource,
    private readonly trades: TradeFeed,
    private readonly candles: CandleFeed,
    private readonly book: BookFeed,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.failures = new RateLimitedLogger(this.logger, clock);
  }

  onModuleInit(): void {
    if (this.source.feeds.includes('trades')) {
      this.supervise(
        'trades',
        () => this.source.trades$,
        (trade) => {
          if (this.trades.accept(trade)) this.candles.onTrade(trade);
        },
      );
      this.subscriptions.push(
        this.source.ready$.pipe(filter(Boolean), take(1)).subscribe(() => {
          if (this.shuttingDown) return;
          this.stopClock = every(this.clock, CANDLE_CLOCK_MS, () =>
            this.guarded('candle clock', () => this.candles.onClock(this.clock.now())),
          );
        }),
      );
    }
    if (this.source.feeds.includes('book')) {
      this.supervise(
        'book',
        () => this.source.bookRecords$,
        (record) => this.book.onRecord(record),
      );
    }
  }

  onApplicationShutdown(): void {
    this.shuttingDown = true;
    this.stopClock?.();
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }

  private supervise<T>(name: string, stream: () => Observable<T>, step: (value: T) => void): void {
    const backoff = new RestartBackoff();
    const subscribe = (): void => {
      const subscription = stream().subscribe({
        next: (value) => {
          if (this.guarded(`${name} pipeline`, () => step(value))) backoff.reset();
        },
        error: (error: unknown) => restart(`failed: ${String(error)}`),
        complete: () => restart('completed'),
      });
      this.subscriptions.push(subscription);
    };
    const restart = (how: string): void => {
      if (this.shuttingDown) return;
      const delay = backoff.next();
      this.logger.error(`${name} pipeline ${how}; resubscribing in ${delay} ms`);
      const timer = this.clock.setTimeout(() => {
        this.timers.delete(timer);
        if (!this.shuttingDown) subscribe();
      }, delay);
      this.timers.add(timer);
    };
    subscribe();
  }

  /** Runs `step`; a throw is logged (rate-limited) instead of ending the pipeline. Returns whether it succeeded. */
  private guarded(what: string, step: () => void): boolean {
    try {
      step();
      return true;
    } catch (error) {
      this.failures.warn(what, `${what}: a step failed and was skipped: ${String(error)}`);
      return false;
    }
  }
}
