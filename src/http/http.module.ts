import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GatewayModule } from '../gateway/gateway.module.js';
import { StreamModule } from '../stream/stream.module.js';
import { BoardController } from './board.controller.js';
import { BookController } from './book.controller.js';
import { CandlesController } from './candles.controller.js';
import { ChannelAccess } from './channel-access.js';
import { ChannelMetrics } from './channel-metrics.js';
import { HealthController } from './health.controller.js';
import { MarketController } from './market.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { ReadinessService } from './readiness.service.js';
import { RestErrorFilter } from './rest-error.filter.js';
import { TradesController } from './trades.controller.js';

/** HTTP side: health (open), metrics (`METRICS_TOKEN`), REST snapshots (stream credentials). */
@Module({
  imports: [StreamModule, GatewayModule],
  controllers: [
    HealthController,
    MarketController,
    TradesController,
    CandlesController,
    BookController,
    MetricsController,
    BoardController,
  ],
  providers: [
    ChannelAccess,
    ChannelMetrics,
    MetricsService,
    ReadinessService,
    // Global so it also shapes errors raised before a controller runs (routing, decoding).
    { provide: APP_FILTER, useClass: RestErrorFilter },
  ],
})
export class HttpModule {}
