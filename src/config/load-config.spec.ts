import { loadConfig } from './load-config.js';
import { ConfigError } from './config-error.js';

describe('loadConfig', () => {
  it('uses documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      simRate: 1000,
      heartbeatMs: 5000,
      maxSymbols: 500,
      maxMessageBytes: 16384,
      maxRequestsPerSecond: 20,
      minThrottleMs: 0,
      simSeed: undefined,
    });
  });

  it('reads valid values', () => {
    const config = loadConfig({
      PORT: '9000',
      SIM_SEED: '42',
      ALLOW_ANONYMOUS_WILDCARD: 'yes',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 9000,
      simSeed: 42,
      allowAnonymousWildcard: true,
      logLevel: 'warn',
    });
  });

  it('names every bad variable with its accepted range', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        SIM_RATE: '0',
        HEARTBEAT_MS: '1.5',
        LOG_LEVEL: 'loud',
        ALLOW_ANONYMOUS_WILDCARD: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="abc": expected an integer in 0..65535');
    expect(message).toContain('SIM_RATE="0": expected an integer in 1..1000000');
    expect(message).toContain('HEARTBEAT_MS="1.5"');
    expect(message).toContain(
      'LOG_LEVEL="loud": expected one of verbose, debug, log, warn, error, fatal',
    );
    expect(message).toContain('ALLOW_ANONYMOUS_WILDCARD="maybe": expected true or false');
  });

  it('has documented defaults for the trades, candles and book channels', () => {
    expect(loadConfig({})).toMatchObject({
      tradesHistory: 1000,
      tradesSnapshot: 50,
      candleHistory: 1000,
      candleCloseGraceMs: 1000,
      simBookLevels: 120,
    });
    expect(loadConfig({ KAFKA_BROKERS: 'k:9092' }).kafka).toMatchObject({
      tradeTopics: ['market.trades'],
      bookTopics: ['market.book'],
    });
  });

  it('turns a Kafka feed off with an empty topic list, and refuses bad topic names', () => {
    const kafka = loadConfig({
      KAFKA_BROKERS: 'k:9092',
      KAFKA_TRADE_TOPICS: '',
      KAFKA_BOOK_TOPICS: ' b1, b2 ',
    }).kafka;
    expect(kafka).toMatchObject({ tradeTopics: [], bookTopics: ['b1', 'b2'] });
    expect(() => loadConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_BOOK_TOPICS: 'bad topic!' })).toThrow(
      /KAFKA_BOOK_TOPICS="bad topic!": expected a comma-separated list of topic names/,
    );
  });

  it('refuses a trades snapshot larger than the retained history, and a shallow simulated book', () => {
    expect(() => loadConfig({ TRADES_HISTORY: '10', TRADES_SNAPSHOT: '11' })).toThrow(
      /TRADES_SNAPSHOT=11: must not exceed TRADES_HISTORY=10/,
    );
    expect(() => loadConfig({ SIM_BOOK_LEVELS: '50' })).toThrow(/SIM_BOOK_LEVELS/);
  });

  it('reads the adaptive batch budget and refuses one below the minimum interval', () => {
    expect(loadConfig({}).batchMaxIntervalMs).toBe(40);
    expect(
      loadConfig({ BATCH_INTERVAL_MS: '5', BATCH_MAX_INTERVAL_MS: '5' }).batchMaxIntervalMs,
    ).toBe(5);
    expect(() => loadConfig({ BATCH_INTERVAL_MS: '20', BATCH_MAX_INTERVAL_MS: '10' })).toThrow(
      /BATCH_MAX_INTERVAL_MS=10: must not be below BATCH_INTERVAL_MS=20/,
    );
  });

  it('refuses a hard cap below the high-water mark', () => {
    expect(() =>
      loadConfig({ SLOW_CONSUMER_HIGH_WATER_BYTES: '100000', SLOW_CONSUMER_MAX_BYTES: '50000' }),
    ).toThrow(
      /SLOW_CONSUMER_MAX_BYTES=50000: must be greater than SLOW_CONSUMER_HIGH_WATER_BYTES=100000/,
    );
  });
});
