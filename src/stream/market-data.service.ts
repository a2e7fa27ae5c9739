import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { filter, map, type Subscription } from 'rxjs';
import { TICK_SOURCE, type TickSource } from '../ingest/tick-source.js';
import type { RawTick } from '../market/tick.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import type { Ticker } from '../market/ticker.js';
import { TickerBook } from '../market/ticker-book.js';
import { encodeTicker, type EncodedTicker } from './encoded-ticker.js';
import { FanOutHub } from './fan-out-hub.js';
import { StreamStats } from './stream-stats.js';

/**
 * The source pipeline: ticks → TickerBook → serialise once → fan-out. Keeps the
 * latest encoded ticker per symbol so snapshots reuse the same bytes.
 */
@Injectable()
export class MarketDataService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MarketDataService.name);
  private readonly encoded = new Map<string, EncodedTicker>();
  private subscription: Subscription | undefined;

  constructor(
    @Inject(TICK_SOURCE) private readonly source: TickSource,
    private readonly book: TickerBook,
    private readonly hub: FanOutHub,
    private readonly stats: StreamStats,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = this.source.ticks$
      .pipe(
        map((tick) => this.apply(tick)),
        filter((ticker): ticker is Ticker => {
          if (ticker) this.stats.ticksIngested++;
          else this.source.stats.reject('out_of_order');
          return ticker !== undefined;
        }),
        map(encodeTicker),
      )
      .subscribe({
        next: (update) => {
          this.encoded.set(update.symbol, update);
          this.hub.publish(update);
        },
        error: (error: unknown) => this.logger.error(`tick pipeline failed: ${String(error)}`),
      });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source.stop();
    this.subscription?.unsubscribe();
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
