import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { TICK_SOURCE, type TickSource } from '../ingest/tick-source.js';
import { MarketDataService } from '../stream/market-data.service.js';

/**
 * Ready = the source is delivering, the pipeline from the source to the
 * clients is running, and the process is not shutting down.
 */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown, OnModuleDestroy {
  private sourceReady = false;
  private pipelineUp = false;
  private shuttingDown = false;
  private readonly subscriptions: Subscription[];

  constructor(
    @Inject(TICK_SOURCE) private readonly source: TickSource,
    marketData: MarketDataService,
  ) {
    this.subscriptions = [
      source.ready$.subscribe((ready) => (this.sourceReady = ready)),
      marketData.pipelineUp$.subscribe((up) => (this.pipelineUp = up)),
    ];
  }

  get ready(): boolean {
    return this.sourceReady && this.pipelineUp && !this.shuttingDown;
  }

  checks(): Record<string, boolean> {
    return {
      [`source:${this.source.name}`]: this.sourceReady,
      pipeline: this.pipelineUp,
      accepting: !this.shuttingDown,
    };
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
