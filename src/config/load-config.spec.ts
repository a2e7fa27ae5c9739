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

  it('refuses a hard cap below the high-water mark', () => {
    expect(() =>
      loadConfig({ SLOW_CONSUMER_HIGH_WATER_BYTES: '100000', SLOW_CONSUMER_MAX_BYTES: '50000' }),
    ).toThrow(
      /SLOW_CONSUMER_MAX_BYTES=50000: must be greater than SLOW_CONSUMER_HIGH_WATER_BYTES=100000/,
    );
  });
});
