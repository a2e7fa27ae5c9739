import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  BehaviorSubject,
  distinctUntilChanged,
  filter,
  map,
  tap,
  type Observable,
  type Subscription,
} from 'rxjs';
import { RestartBackoff } from '../ingest/restart-backoff.js';
import { TICK_SOURCE, type TickSource } from '../ingest/tick-source.js';
import type { RawTick } from '../market/tick.js';
import { CLOCK, type Clock, type TimerHandle } from '../shared/clock.js';
import type { Ticker } from '../market/ticker.js';
import { TickerBook } from '../market/ticker-book.js';
import { encodeTicker, type EncodedTicker } from './encoded-ticker.js';
import { FanOutHub } from './fan-out-hub.js';
import { StreamStats } from './stream-stats.js';

/**
 * The source pipeline: ticks → TickerBook → serialise once → fan-out. Keeps the
 * latest encoded ticker per symbol so snapshots reuse the same bytes.
 *
 * An RxJS pipeline that errors (a throwing step) or completes is unsubscribed
 * for good: the service would stay up, connected and "ready" while no price
 * ever moves again. So a pipeline that ends before shutdown is reported down
 * ({@link pipelineUp$}, which readiness follows) and resubscribed after a
 * delay that doubles while it keeps dying. The source is hot, so nothing is
 * replayed: ticks emitted while it was down are missed, and the next tick of
 * each symbol brings it up to date again.
 */
@Injectable()
export class MarketDataService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MarketDataService.name);
  private readonly encoded = new Map<string, EncodedTicker>();
  private subscription: Subscription | undefined;
  private readonly backoff = new RestartBackoff();
  private restartTimer: TimerHandle | undefined;
  private shuttingDown = false;
  private readonly pipelineUp = new BehaviorSubject(false);
  /** Whether ticks flow from the source to the book and the clients (false until bootstrap). */
  readonly pipelineUp$: Observable<boolean> = this.pipelineUp.pipe(distinctUntilChanged());

  constructor(
    @Inject(TICK_SOURCE) private readonly source: TickSource,
    private readonly book: TickerBook,
    private readonly hub: FanOutHub,
    private readonly stats: StreamStats,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscribe();
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.clock.clearTimeout(this.restartTimer);
    await this.source.stop();
    this.subscription?.unsubscribe();
  }

  private subscribe(): void {
    let delivered = false;
    // Up before subscribing: a source that has already failed ends the pipeline synchronously.
    this.pipelineUp.next(true);
    this.subscription = this.source.ticks$
      .pipe(
        map((tick) => this.apply(tick)),
        filter((ticker): ticker is Ticker => {
          if (ticker) this.stats.ticksIngested++;
          else this.source.stats.reject('out_of_order');
          return ticker !== undefined;
        }),
        map(encodeTicker),
        // Inside the pipe, so a failure here ends the pipeline visibly rather than
        // becoming an unhandled error thrown from a subscriber.
        tap((update) => {
          this.encoded.set(update.symbol, update);
          this.hub.publish(update);
        }),
      )
      .subscribe({
        next: () => {
          if (delivered) return;
          delivered = true;
          this.backoff.reset();
        },
        error: (error: unknown) => this.ended(`failed: ${String(error)}`),
        complete: () => this.ended('completed'),
      });
  }

  private ended(how: string): void {
    if (this.shuttingDown) return;
    this.pipelineUp.next(false);
    const delay = this.backoff.next();
    this.logger.error(`tick pipeline ${how}; resubscribing in ${delay} ms`);
    this.restartTimer = this.clock.setTimeout(() => {
      if (!this.shuttingDown) this.subscribe();
    }, delay);
  }

  private apply(tick: RawTick): Ticker | undefined {
    this.stats.observeTickAge(this.clock.now() - tick.ts);
    return this.book.apply(tick);
  }

  /** The latest ticker of `symbol`, serialised. */
  latest(symbol: string): EncodedTicker | undefined {
    return this.encoded.get(symbol);
  }
}
