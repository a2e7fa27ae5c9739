import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { SimulatedTickSource } from './simulator/simulated-tick.source.js';
import { TICK_SOURCE, type TickSource } from './tick-source.js';

/** Chooses the tick source: the simulated market unless another one is given. */
@Global()
@Module({})
export class IngestModule {
  static forRoot(config: AppConfig, source?: TickSource): DynamicModule {
    return {
      module: IngestModule,
      providers: [
        {
          provide: TICK_SOURCE,
          useFactory: (): TickSource =>
            source ??
            new SimulatedTickSource({
              rate: config.simRate,
              symbols: config.simSymbols,
              seed: config.simSeed,
            }),
        },
      ],
      exports: [TICK_SOURCE],
    };
  }
}
