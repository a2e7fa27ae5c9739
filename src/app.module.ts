import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { GatewayModule } from './gateway/gateway.module.js';
import { HttpModule } from './http/http.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import type { TickSource } from './ingest/tick-source.js';
import type { Clock } from './shared/clock.js';
import { StreamModule } from './stream/stream.module.js';

/** Replacements for tests: a controllable tick source, a virtual clock. */
export interface AppOverrides {
  readonly tickSource?: TickSource;
  readonly clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, overrides.clock),
        IngestModule.forRoot(config, overrides.tickSource),
        StreamModule,
        GatewayModule,
        HttpModule,
      ],
    };
  }
}
