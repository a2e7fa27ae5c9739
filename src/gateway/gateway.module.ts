import { Module } from '@nestjs/common';
import { AUTH_CORE, createAuthCore, type AuthCore } from '../auth/index.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { UpgradeGuard } from './upgrade-guard.js';
import { StreamModule } from '../stream/stream.module.js';
import { BookSubscriptions } from './book-subscriptions.js';
import { CandlesSubscriptions } from './candles-subscriptions.js';
import { ChannelSubscriptions } from './channel-subscriptions.service.js';
import { ConnectionRegistry } from './connection-registry.js';
import { ConnectionSweeper } from './connection-sweeper.js';
import { ConnectionService } from './connection.service.js';
import { FrameDispatcher } from './frame-dispatcher.js';
import { MarketStreamGateway } from './market-stream.gateway.js';
import { ProtocolExceptionFilter } from './protocol-exception.filter.js';
import { SubscriptionService } from './subscription.service.js';
import { ServedChannels } from './served-channels.js';
import { SymbolDirectory } from './symbol-directory.js';
import { TradesSubscriptions } from './trades-subscriptions.js';

/** The WebSocket side: protocol v1, connections and their housekeeping. */
@Module({
  imports: [StreamModule],
  providers: [
    {
      provide: AUTH_CORE,
      inject: [APP_CONFIG, CLOCK],
      useFactory: (config: AppConfig, clock: Clock): AuthCore =>
        createAuthCore(config.auth, {
          allowAnonymousWildcard: config.allowAnonymousWildcard,
          clock,
        }),
    },
    UpgradeGuard,
    BookSubscriptions,
    CandlesSubscriptions,
    ChannelSubscriptions,
    ConnectionRegistry,
    ConnectionService,
    ConnectionSweeper,
    FrameDispatcher,
    MarketStreamGateway,
    ProtocolExceptionFilter,
    ServedChannels,
    SubscriptionService,
    SymbolDirectory,
    TradesSubscriptions,
  ],
  exports: [
    ConnectionRegistry,
    FrameDispatcher,
    ServedChannels,
    SymbolDirectory,
    UpgradeGuard,
    AUTH_CORE,
  ],
})
export class GatewayModule {}
