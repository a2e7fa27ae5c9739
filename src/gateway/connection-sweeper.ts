import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { CLOCK, every, type Clock } from '../shared/clock.js';
import { ConnectionRegistry } from './connection-registry.js';
import { PingRounds } from './ping-rounds.js';

/** Upper bound of the housekeeping period, in ms: heartbeats are at most this late. */
export const MAX_SWEEP_INTERVAL_MS = 250;

/**
 * Periodic housekeeping over all connections: application heartbeats after
 * silence, the slow-consumer grace period, and WebSocket ping/pong reaping of
 * connections whose peer vanished without closing.
 */
@Injectable()
export class ConnectionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stops: Array<() => void> = [];
  private pings: PingRounds | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: ConnectionRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const sweepMs = Math.min(MAX_SWEEP_INTERVAL_MS, Math.floor(this.config.heartbeatMs / 4));
    this.pings = new PingRounds(this.config.pingIntervalMs, sweepMs);
    this.stops.push(
      every(this.clock, sweepMs, () => {
        this.sweep();
        this.ping();
      }),
    );
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Heartbeats, slow-consumer deadlines, credential expiry and lifetime limits. */
  sweep(): void {
    const now = this.clock.now();
    const heartbeat = (): string => `{"type":"heartbeat","serverTime":${now}}`;
    for (const connection of this.registry.all()) {
      const closeAt = connection.grant.closeAt;
      if (closeAt && now >= closeAt.at) connection.session.close(closeAt.code, closeAt.reason);
      else connection.session.sweep(now, heartbeat);
    }
  }

  /** This tick's share of WebSocket pings; reaps connections that did not answer the last one. */
  ping(): void {
    this.pings?.tick(this.clock.now(), () => this.registry.all());
  }
}
