import type { LogLevel } from '@nestjs/common';
import type { AuthConfig } from '../auth/auth-config.js';

/** Log levels accepted by `LOG_LEVEL`, from most to least verbose. */
export const LOG_LEVELS = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'] as const;

/** Log formats accepted by `LOG_FORMAT`. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * The service's configuration, read once from the environment at boot
 * ({@link loadConfig}) and then injected where needed. Each key names its
 * environment variable, unit and default.
 */
export interface AppConfig {
  /** `HOST`: interface to listen on. Default `0.0.0.0`. */
  readonly host: string;
  /** `PORT`: TCP port for HTTP and WebSocket. Default 8080. */
  readonly port: number;
  /** `LOG_LEVEL`: least severe level logged. Default `log`. */
  readonly logLevel: LogLevel;
  /** `LOG_FORMAT`: `text` (for people) or `json` (one object per line, for log pipelines). Default `text`. */
  readonly logFormat: LogFormat;

  /** `SIM_RATE`: simulated ticks per second across all symbols. Default 1000. */
  readonly simRate: number;
  /** `SIM_SYMBOLS`: number of simulated symbols. Default 300. */
  readonly simSymbols: number;
  /** `SIM_SEED`: seed for reproducible simulated prices; random when unset. */
  readonly simSeed: number | undefined;

  /** `HEARTBEAT_MS`: ms of silence after which a `heartbeat` frame is sent. Default 5000. */
  readonly heartbeatMs: number;
  /**
   * `PING_INTERVAL_MS`: ms between WebSocket pings; a connection that has not
   * answered the previous ping by the next one is terminated. Default 15000.
   */
  readonly pingIntervalMs: number;
  /**
   * `BATCH_INTERVAL_MS`: ms during which updates are gathered into one frame
   * while the process is not busy. Default 10.
   */
  readonly batchIntervalMs: number;
  /**
   * `BATCH_MAX_INTERVAL_MS`: the longest the batch interval grows to while the
   * event loop is busy (fewer, fuller frames), in ms; equal to
   * `BATCH_INTERVAL_MS` for a fixed interval. Not below `BATCH_INTERVAL_MS`. Default 40.
   */
  readonly batchMaxIntervalMs: number;

  /** `MAX_SYMBOLS`: symbols one connection may hold subscribed. Default 500. */
  readonly maxSymbols: number;
  /** `MIN_THROTTLE_MS`: server floor for `throttleMs`, in ms. Default 0. */
  readonly minThrottleMs: number;
  /** `MAX_MESSAGE_BYTES`: largest client frame; larger ones close the connection with 1009. Default 16384. */
  readonly maxMessageBytes: number;
  /** `MAX_REQUESTS_PER_SECOND`: requests per connection per second (burst of the same size). Default 20. */
  readonly maxRequestsPerSecond: number;
  /**
   * `RATE_LIMIT_MAX_STRIKES`: `RATE_LIMITED` replies a connection may collect within
   * 10 s before it is closed with 4029. Default 40.
   */
  readonly rateLimitMaxStrikes: number;
  /** `ALLOW_ANONYMOUS_WILDCARD`: may unauthenticated clients subscribe to `"*"`? Default false. */
  readonly allowAnonymousWildcard: boolean;

  /** `SLOW_CONSUMER_HIGH_WATER_BYTES`: unsent bytes above which updates are conflated and held. Default 262144. */
  readonly slowConsumerHighWaterBytes: number;
  /** `SLOW_CONSUMER_MAX_BYTES`: unsent bytes above which the connection is closed with 4008. Default 4194304. */
  readonly slowConsumerMaxBytes: number;
  /** `SLOW_CONSUMER_GRACE_MS`: ms a client may stay above the high-water mark before 4008. Default 10000. */
  readonly slowConsumerGraceMs: number;
  /**
   * `SLOW_CONSUMER_WINDOW_BYTES`: bytes written to a client and not yet acknowledged
   * by its pongs (not yet read, wherever they wait) above which updates are conflated
   * and held, as above the high-water mark. Default 1048576.
   */
  readonly slowConsumerWindowBytes: number;

  /** `TRADES_HISTORY`: trades retained per symbol for `since` resumption and REST. Default 1000. */
  readonly tradesHistory: number;
  /** `TRADES_SNAPSHOT`: trades per symbol in a `trades` snapshot without `since`. Default 50. */
  readonly tradesSnapshot: number;
  /** `CANDLE_HISTORY`: closed bars retained per symbol and interval. Default 1000. */
  readonly candleHistory: number;
  /** `CANDLE_CLOSE_GRACE_MS`: ms past a bar's end after which the server's clock closes it. Default 1000. */
  readonly candleCloseGraceMs: number;
  /**
   * `SIM_BOOK_LEVELS`: price levels a side in each simulated order book (at least 100,
   * so a depth-100 view is always full). Default 120.
   */
  readonly simBookLevels: number;

  /** Authentication, origins and connection limits (src/auth/auth-config.ts). */
  readonly auth: AuthConfig;

  /** Kafka source settings; `undefined` (no `KAFKA_BROKERS`) means the simulated market. */
  readonly kafka: KafkaConfig | undefined;

  /**
   * `HANDSHAKE_TIMEOUT_MS`: time a client has to send a complete HTTP request
   * (including a WebSocket upgrade) before the server answers 408 and closes, in ms.
   * Default 10000.
   */
  readonly handshakeTimeoutMs: number;

  /** `SHUTDOWN_TIMEOUT_MS`: ms allowed for a graceful shutdown before the process exits anyway. Default 10000. */
  readonly shutdownTimeoutMs: number;
}

/** Kafka source configuration (used when `KAFKA_BROKERS` is set). */
export interface KafkaConfig {
  /** `KAFKA_BROKERS`: bootstrap brokers, comma-separated `host:port`. Required to use Kafka. */
  readonly brokers: readonly string[];
  /** `KAFKA_TOPICS`: price topics, comma-separated. Default `market.ticks`. */
  readonly topics: readonly string[];
  /** `KAFKA_TRADE_TOPICS`: trade topics, comma-separated; empty = no trades (and no candles) from Kafka. Default `market.trades`. */
  readonly tradeTopics: readonly string[];
  /** `KAFKA_BOOK_TOPICS`: level-2 book topics, comma-separated; empty = no book from Kafka. Default `market.book`. */
  readonly bookTopics: readonly string[];
  /** `KAFKA_CLIENT_ID`: client id sent to the brokers. Default `tickstream`. */
  readonly clientId: string;
  /**
   * `KAFKA_GROUP_ID`: consumer group. Default: unique per process
   * (`tickstream-<host>-<random>`), so every instance reads every partition.
   */
  readonly groupId: string;
  /** `KAFKA_WARM_START_RECORDS`: records re-read from the end of each partition at start. Default 5000. */
  readonly warmStartRecords: number;
  /** `KAFKA_WARM_START_TIMEOUT_MS`: how long start-up waits for the warm start, in ms. Default 30000. */
  readonly warmStartTimeoutMs: number;
  /** `KAFKA_MAX_QUEUE`: decoded ticks held before partitions are paused. Default 100000. */
  readonly maxQueue: number;
  /** `KAFKA_MAX_LOOP_DELAY_MS`: event-loop delay (p99 per 1 s window, 3 windows in a row, while ticks pile up) above which partitions are paused. Default 1000. */
  readonly maxLoopDelayMs: number;
  /** `KAFKA_STALE_AFTER_MS`: no successful fetch for this long marks the source not ready, in ms. Default 10000. */
  readonly staleAfterMs: number;
}
