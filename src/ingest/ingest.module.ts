import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { KafkaTickSource } from './kafka/kafka-tick.source.js';
import { SimulatedTickSource } from './simulator/simulated-tick.source.js';
import { TICK_SOURCE, type TickSource } from './tick-source.js';

/** Chooses the tick source: Kafka when configured, the simulated market otherwise. */
@Global()
@Module({})
export class IngestModule {
  static forRoot(config: AppConfig, source?: TickSource): DynamicModule {
    return {
      module: IngestModule,
      providers: [
        { provide: TICK_SOURCE, useFactory: (): TickSource => source ?? defaultSource(config) },
      ],
      exports: [TICK_SOURCE],
    };
  }
}

/** Kafka when `KAFKA_BROKERS` is set, the simulated market otherwise. */
function defaultSource(config: AppConfig): TickSource {
  if (config.kafka) return new KafkaTickSource(config.kafka);
  return new SimulatedTickSource({
    rate: config.simRate,
    symbols: config.simSymbols,
    seed: config.simSeed,
    bookLevels: config.simBookLevels,
  });
}
