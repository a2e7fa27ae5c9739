import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { TICK_SOURCE, type TickSource } from '../ingest/tick-source.js';

/** Ready = the source is delivering and the process is not shutting down. */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown, OnModuleDestroy {
  private sourceReady = false;
  private shuttingDown = false;
  private readonly subscription: Subscription;

  constructor(@Inject(TICK_SOURCE) private readonly source: TickSource) {
    this.subscription = source.ready$.subscribe((ready) => (this.sourceReady = ready));
  }

  get ready(): boolean {
    return this.sourceReady && !this.shuttingDown;
  }

  checks(): Record<string, boolean> {
    return { [`source:${this.source.name}`]: this.sourceReady, accepting: !this.shuttingDown };
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
