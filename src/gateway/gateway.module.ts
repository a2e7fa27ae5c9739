import { Module } from '@nestjs/common';
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
    ConnectionRegistry,
    ConnectionService,
    ConnectionSweeper,
    FrameDispatcher,
    MarketStreamGateway,
    ProtocolExceptionFilter,
    SubscriptionService,
    SymbolDirectory,
  ],
  exports: [ConnectionRegistry, FrameDispatcher, SymbolDirectory],
})
export class GatewayModule {}
