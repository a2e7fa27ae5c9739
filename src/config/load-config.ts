import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { LOG_FORMATS, LOG_LEVELS, type AppConfig, type KafkaConfig } from './app-config.js';
import { readAuthConfig } from './read-auth-config.js';
import { ConfigError } from './config-error.js';
import { EnvReader } from './env-readers.js';

const KIB = 1024;
const MIB = 1024 * KIB;
/** Latency budget of the adaptive batch interval, in ms (see BatchPacer). */
const DEFAULT_BATCH_MAX_INTERVAL_MS = 40;

/**
 * Parses and validates the environment once, at boot. Every problem is
 * collected, so one failed start names every bad variable and its accepted range.
 *
 * @throws {ConfigError} when any variable is out of range or malformed.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): AppConfig {
  const read = new EnvReader(env);
  const config: AppConfig = {
    host: env.HOST?.trim() || '0.0.0.0',
    port: read.int('PORT', 8080, 0, 65_535),
    logLevel: read.oneOf('LOG_LEVEL', 'log', LOG_LEVELS),
    logFormat: read.oneOf('LOG_FORMAT', 'text', LOG_FORMATS),
    simRate: read.int('SIM_RATE', 1000, 1, 1_000_000),
    simSymbols: read.int('SIM_SYMBOLS', 300, 1, 5000),
    simSeed: read.optionalInt('SIM_SEED', 0, 2 ** 31 - 1),
    heartbeatMs: read.int('HEARTBEAT_MS', 5000, 100, 60_000),
    pingIntervalMs: read.int('PING_INTERVAL_MS', 15_000, 1000, 300_000),
    batchIntervalMs: read.int('BATCH_INTERVAL_MS', 10, 0, 1000),
    batchMaxIntervalMs: read.int('BATCH_MAX_INTERVAL_MS', DEFAULT_BATCH_MAX_INTERVAL_MS, 0, 1000),
    maxSymbols: read.int('MAX_SYMBOLS', 500, 1, 100_000),
    minThrottleMs: read.int('MIN_THROTTLE_MS', 0, 0, 60_000),
    maxMessageBytes: read.int('MAX_MESSAGE_BYTES', 16 * KIB, 256, 16 * MIB),
    maxRequestsPerSecond: read.int('MAX_REQUESTS_PER_SECOND', 20, 1, 10_000),
    rateLimitMaxStrikes: read.int('RATE_LIMIT_MAX_STRIKES', 40, 1, 100_000),
    allowAnonymousWildcard: read.bool('ALLOW_ANONYMOUS_WILDCARD', false),
    slowConsumerHighWaterBytes: read.int(
      'SLOW_CONSUMER_HIGH_WATER_BYTES',
      256 * KIB,
      1 * KIB,
      1024 * MIB,
    ),
    slowConsumerMaxBytes: read.int('SLOW_CONSUMER_MAX_BYTES', 4 * MIB, 1 * KIB, 4096 * MIB),
    slowConsumerGraceMs: read.int('SLOW_CONSUMER_GRACE_MS', 10_000, 0, 600_000),
    slowConsumerWindowBytes: read.int('SLOW_CONSUMER_WINDOW_BYTES', 1 * MIB, 16 * KIB, 4096 * MIB),
    tradesHistory: read.int('TRADES_HISTORY', 1000, 1, 100_000),
    tradesSnapshot: read.int('TRADES_SNAPSHOT', 50, 0, 100_000),
    candleHistory: read.int('CANDLE_HISTORY', 1000, 1, 100_000),
    candleCloseGraceMs: read.int('CANDLE_CLOSE_GRACE_MS', 1000, 0, 600_000),
    simBookLevels: read.int('SIM_BOOK_LEVELS', 120, 100, 1000),
    handshakeTimeoutMs: read.int('HANDSHAKE_TIMEOUT_MS', 10_000, 1000, 120_000),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    auth: readAuthConfig(read, env),
    kafka: readKafkaConfig(read, env),
  };
  if (config.batchMaxIntervalMs < config.batchIntervalMs) {
    read.fail(
      `BATCH_MAX_INTERVAL_MS=${config.batchMaxIntervalMs}: must not be below BATCH_INTERVAL_MS=${config.batchIntervalMs}`,
    );
  }
  if (config.tradesSnapshot > config.tradesHistory) {
    read.fail(
      `TRADES_SNAPSHOT=${config.tradesSnapshot}: must not exceed TRADES_HISTORY=${config.tradesHistory}`,
    );
  }
  if (config.slowConsumerMaxBytes <= config.slowConsumerHighWaterBytes) {
    read.fail(
      `SLOW_CONSUMER_MAX_BYTES=${config.slowConsumerMaxBytes}: must be greater than ` +
        `SLOW_CONSUMER_HIGH_WATER_BYTES=${config.slowConsumerHighWaterBytes}`,
    );
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** A `host:port` broker address. */
const BROKER_PATTERN = /^[A-Za-z0-9.-]+:\d{1,5}$/;
/** Kafka's legal topic names. */
const TOPIC_PATTERN = /^[A-Za-z0-9._-]{1,249}$/;

function readKafkaConfig(
  read: EnvReader,
  env: Readonly<Record<string, string | undefined>>,
): KafkaConfig | undefined {
  const brokers = read.list('KAFKA_BROKERS');
  if (brokers === undefined) return undefined;
  const badBrokers = brokers.filter((b) => !BROKER_PATTERN.test(b));
  if (brokers.length === 0 || badBrokers.length > 0) {
    read.fail(
      `KAFKA_BROKERS="${env.KAFKA_BROKERS ?? ''}": expected a comma-separated list of host:port`,
    );
  }
  const topics = read.list('KAFKA_TOPICS') ?? ['market.ticks'];
  if (topics.length === 0 || topics.some((t) => !TOPIC_PATTERN.test(t))) {
    read.fail(
      `KAFKA_TOPICS="${env.KAFKA_TOPICS ?? ''}": expected a comma-separated list of topic names ([A-Za-z0-9._-])`,
    );
  }
  const tradeTopics = readTopicList(read, env, 'KAFKA_TRADE_TOPICS', ['market.trades']);
  const bookTopics = readTopicList(read, env, 'KAFKA_BOOK_TOPICS', ['market.book']);
  return {
    brokers,
    topics,
    tradeTopics,
    bookTopics,
    clientId: env.KAFKA_CLIENT_ID?.trim() || 'tickstream',
    groupId:
      env.KAFKA_GROUP_ID?.trim() || `tickstream-${hostname()}-${randomBytes(4).toString('hex')}`,
    warmStartRecords: read.int('KAFKA_WARM_START_RECORDS', 5000, 0, 10_000_000),
    warmStartTimeoutMs: read.int('KAFKA_WARM_START_TIMEOUT_MS', 30_000, 0, 600_000),
    maxQueue: read.int('KAFKA_MAX_QUEUE', 100_000, 10, 10_000_000),
    maxLoopDelayMs: read.int('KAFKA_MAX_LOOP_DELAY_MS', 1000, 10, 60_000),
    staleAfterMs: read.int('KAFKA_STALE_AFTER_MS', 10_000, 1000, 600_000),
  };
}

/**
 * An optional topic list: unset gives `fallback`, set to the empty string turns the feed off
 * (`[]`), anything else must be legal topic names.
 */
function readTopicList(
  read: EnvReader,
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: readonly string[],
): readonly string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const topics = raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (topics.some((t) => !TOPIC_PATTERN.test(t))) {
    read.fail(
      `${name}="${raw}": expected a comma-separated list of topic names ([A-Za-z0-9._-]) or empty`,
    );
  }
  return topics;
}
