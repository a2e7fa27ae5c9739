import { Inject, Injectable } from '@nestjs/common';
import { TICK_SOURCE, type TickSource } from '../ingest/tick-source.js';
import { ReadinessService } from './readiness.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { AUTH_CORE, type AuthCore } from '../auth/index.js';
import { UpgradeGuard } from '../gateway/upgrade-guard.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ConnectionRegistry } from '../gateway/connection-registry.js';
import { TickerBook } from '../market/ticker-book.js';
import { FanOutHub } from '../stream/fan-out-hub.js';
import { StreamStats } from '../stream/stream-stats.js';
import { ChannelMetrics } from './channel-metrics.js';

const PREFIX = 'tickstream_';

/**
 * Prometheus metrics. Hot-path counters live in {@link StreamStats} as plain
 * numbers; they are copied into the registry only when `/metrics` is scraped.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(
    stats: StreamStats,
    connections: ConnectionRegistry,
    hub: FanOutHub,
    book: TickerBook,
    readiness: ReadinessService,
    @Inject(TICK_SOURCE) source: TickSource,
    upgrades: UpgradeGuard,
    @Inject(AUTH_CORE) auth: AuthCore,
    @Inject(APP_CONFIG) config: AppConfig,
    channels: ChannelMetrics,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    channels.register(this.registry);
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({
        name: PREFIX + name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    };
    const counter = (name: string, help: string, read: () => number): void => {
      let seen = 0;
      new Counter({
        name: PREFIX + name,
        help,
        registers: [this.registry],
        collect() {
          const now = read();
          if (now > seen) this.inc(now - seen);
          seen = now;
        },
      });
    };
    const labelledCounter = (
      name: string,
      help: string,
      label: string,
      read: () => Map<string | number, number>,
    ): void => {
      const seen = new Map<string, number>();
      new Counter({
        name: PREFIX + name,
        help,
        labelNames: [label],
        registers: [this.registry],
        collect() {
          for (const [key, value] of read()) {
            const k = String(key);
            const delta = value - (seen.get(k) ?? 0);
            if (delta > 0) this.inc({ [label]: k }, delta);
            seen.set(k, value);
          }
        },
      });
    };

    gauge('connections', 'Open WebSocket connections', () => connections.size);
    gauge(
      'subscriptions',
      'Subscribed (connection, symbol) pairs; the wildcard counts once',
      () => hub.routeCount,
    );
    gauge('symbols', 'Symbols with a known price', () => book.size);
    gauge(
      'lagging_sessions',
      'Sessions above their slow-consumer high-water mark',
      () => stats.laggingSessions,
    );
    counter('updates_sent_total', 'Ticker entries sent in update frames', () => stats.updatesSent);
    counter('frames_sent_total', 'Update frames sent', () => stats.framesSent);
    counter('bytes_sent_total', 'Bytes of frames sent', () => stats.bytesSent);
    counter(
      'conflated_updates_total',
      'Updates replaced by a newer one before being sent',
      () => stats.conflatedUpdates,
    );
    counter('heartbeats_sent_total', 'Heartbeat frames sent', () => stats.heartbeatsSent);
    counter(
      'slow_consumer_warnings_total',
      'SLOW_CONSUMER warnings sent',
      () => stats.slowConsumerWarnings,
    );
    counter(
      'slow_consumer_closes_total',
      'Connections closed with 4008',
      () => stats.slowConsumerCloses,
    );
    counter('ticks_ingested_total', 'Ticks applied to the ticker book', () => stats.ticksIngested);
    counter(
      'ingest_records_total',
      'Records received from the tick source',
      () => source.stats.recordsReceived,
    );
    labelledCounter(
      'ingest_rejected_total',
      'Records skipped, by reason',
      'reason',
      () => source.stats.rejected,
    );
    counter(
      'ingest_consumer_restarts_total',
      'Times the Kafka consumer crashed and was restarted with backoff',
      () => source.stats.consumerRestarts,
    );
    counter(
      'ingest_pauses_total',
      'Times consumption was paused for backpressure',
      () => source.stats.pauses,
    );
    counter(
      'ingest_resumes_total',
      'Times consumption resumed after a pause',
      () => source.stats.resumes,
    );
    gauge('ingest_paused', '1 while consumption is paused for backpressure', () =>
      source.stats.paused ? 1 : 0,
    );
    gauge(
      'ingest_queue_depth',
      'Decoded ticks waiting to be applied',
      () => source.stats.queueDepth,
    );
    labelledCounter(
      'upgrades_refused_total',
      'WebSocket upgrades refused, by reason',
      'reason',
      () => upgrades.refusals,
    );
    gauge(
      'connection_slots_used',
      'Connection slots held in the limiter (MAX_CONNECTIONS); above tickstream_connections only while upgrades complete',
      () => auth.limiter.counts().open,
    );
    gauge(
      'client_addresses',
      'Client addresses with open connections',
      () => auth.limiter.counts().addresses,
    );
    const limits: Record<string, number> = {
      max_connections: config.auth.maxConnections,
      max_connections_per_ip: config.auth.maxConnectionsPerIp,
      max_symbols: config.maxSymbols,
      max_message_bytes: config.maxMessageBytes,
      max_requests_per_second: config.maxRequestsPerSecond,
      rate_limit_max_strikes: config.rateLimitMaxStrikes,
      slow_consumer_high_water_bytes: config.slowConsumerHighWaterBytes,
      slow_consumer_max_bytes: config.slowConsumerMaxBytes,
      slow_consumer_grace_ms: config.slowConsumerGraceMs,
      slow_consumer_window_bytes: config.slowConsumerWindowBytes,
      handshake_timeout_ms: config.handshakeTimeoutMs,
      auth_timeout_ms: config.auth.authTimeoutMs,
      max_connection_lifetime_ms: config.auth.maxConnectionLifetimeMs ?? 0,
    };
    const limitGauge = new Gauge({
      name: PREFIX + 'limit',
      help: 'Configured limits (0 = unlimited for max_connection_lifetime_ms)',
      labelNames: ['name'],
      registers: [this.registry],
    });
    for (const [name, value] of Object.entries(limits)) limitGauge.set({ name }, value);
    gauge('source_ready', '1 while the tick source is ready', () => (readiness.ready ? 1 : 0));
    new Gauge({
      name: PREFIX + 'kafka_consumer_lag',
      help: 'Records behind the high watermark, by topic/partition (at the last fetched batch)',
      labelNames: ['partition'],
      registers: [this.registry],
      collect() {
        for (const [partition, lag] of source.stats.lag) this.set({ partition }, lag);
      },
    });
    const unsent = new Histogram({
      name: PREFIX + 'unsent_bytes',
      help: 'Peak unsent bytes per session since the previous housekeeping sweep (and at close), for subscribed sessions and any that held bytes',
      buckets: MetricsService.UNSENT_BYTES_BUCKETS,
      registers: [this.registry],
    });
    stats.observeUnsentBytes = (bytes) => unsent.observe(bytes);
    const tickAge = new Histogram({
      name: PREFIX + 'tick_age_seconds',
      help: 'Age of each tick when applied (now - its source ts): feed transport (Kafka) plus ingest queueing',
      buckets: MetricsService.TICK_AGE_BUCKETS,
      registers: [this.registry],
    });
    stats.observeTickAge = (ms) => tickAge.observe(ms / 1000);
    labelledCounter(
      'errors_total',
      'Protocol errors sent, by code',
      'code',
      () => stats.errorsByCode,
    );
    labelledCounter(
      'closes_total',
      'Connections closed by the server, by close code',
      'code',
      () => stats.closesByCode,
    );
  }

  /** Buckets of the unsent-bytes histogram: 0, 1 KiB … 16 MiB (×4). */
  static readonly UNSENT_BYTES_BUCKETS = [
    0, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
  ];

  /** Buckets of the tick-age histogram, in seconds: 5 ms … 30 s. */
  static readonly TICK_AGE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

  /** The exposition format's content type, as the registry renders it. */
  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
