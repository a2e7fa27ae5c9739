import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { TickerBook } from '../market/ticker-book.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { BatchPacer, eventLoopGauge } from './batch-pacer.js';
import { BookFeed } from './channels/book-feed.js';
import { CandleFeed } from './channels/candle-feed.js';
import { ChannelPipelines } from './channels/channel-pipelines.service.js';
import { TradeFeed } from './channels/trade-feed.js';
import { FanOutHub } from './fan-out-hub.js';
import { FlushScheduler } from './flush-scheduler.js';
import { MarketDataService } from './market-data.service.js';
import { StreamStats } from './stream-stats.js';

/** Book, fan-out and delivery: everything between the source and the sockets. */
@Module({
  providers: [
    StreamStats,
    { provide: TickerBook, useFactory: () => new TickerBook() },
    {
      provide: FlushScheduler,
      inject: [CLOCK, APP_CONFIG],
      useFactory: (clock: Clock, config: AppConfig) =>
        new FlushScheduler(
          clock,
          config.batchIntervalMs,
          new BatchPacer(
            config.batchIntervalMs,
            config.batchMaxIntervalMs,
            eventLoopGauge(),
            clock.now(),
          ),
        ),
    },
    {
      provide: FanOutHub,
      inject: [CLOCK, FlushScheduler],
      useFactory: (clock: Clock, scheduler: FlushScheduler) => new FanOutHub(clock, scheduler),
    },
    {
      provide: TradeFeed,
      inject: [APP_CONFIG, CLOCK, FlushScheduler],
      useFactory: (config: AppConfig, clock: Clock, scheduler: FlushScheduler) =>
        new TradeFeed(
          { historySize: config.tradesHistory, snapshotSize: config.tradesSnapshot },
          clock,
          scheduler,
        ),
    },
    {
      provide: CandleFeed,
      inject: [APP_CONFIG, CLOCK, FlushScheduler],
      useFactory: (config: AppConfig, clock: Clock, scheduler: FlushScheduler) =>
        new CandleFeed(
          { historySize: config.candleHistory, closeGraceMs: config.candleCloseGraceMs },
          clock,
          scheduler,
        ),
    },
    {
      provide: BookFeed,
      inject: [CLOCK, FlushScheduler],
      useFactory: (clock: Clock, scheduler: FlushScheduler) => new BookFeed(clock, scheduler),
    },
    ChannelPipelines,
    MarketDataService,
  ],
  exports: [
    StreamStats,
    TickerBook,
    FlushScheduler,
    FanOutHub,
    MarketDataService,
    TradeFeed,
    CandleFeed,
    BookFeed,
  ],
})
export class StreamModule {}
