import { Module } from '@nestjs/common';
import { AUTH_CORE, createAuthCore, type AuthCore } from '../auth/index.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { UpgradeGuard } from './upgrade-guard.js';
import { StreamModule } from '../stream/stream.module.js';
import { ConnectionRegistry } from './connection-registry.js';
import { ConnectionSweeper } from './connection-sweeper.js';
import { ConnectionService } from './connection.service.js';
import { FrameDispatcher } from './frame-dispatcher.js';
import { MarketStreamGateway } from './market-stream.gateway.js';
import { ProtocolExceptionFilter } from './protocol-exception.filter.js';
import { SubscriptionService } from './subscription.service.js';
import { SymbolDirectory } from './symbol-directory.js';

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
    ConnectionRegistry,
    ConnectionService,
    ConnectionSweeper,
    FrameDispatcher,
    MarketStreamGateway,
    ProtocolExceptionFilter,
    SubscriptionService,
    SymbolDirectory,
  ],
  exports: [ConnectionRegistry, FrameDispatcher, SymbolDirectory, UpgradeGuard, AUTH_CORE],
})
export class GatewayModule {}
