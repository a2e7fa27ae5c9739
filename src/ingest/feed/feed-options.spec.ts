import { parseFeedOptions } from './feed-options.js';

describe('parseFeedOptions', () => {
  it('has defaults and reads the environment', () => {
    expect(
      parseFeedOptions([], { KAFKA_BROKERS: 'a:1,b:2', KAFKA_TOPICS: 'prices,other' }),
    ).toEqual({
      brokers: ['a:1', 'b:2'],
      topic: 'prices',
      rate: 1000,
      symbols: 300,
      durationS: undefined,
      partitions: 3,
      seed: undefined,
      compression: 'none',
    });
  });

  it('reads flags', () => {
    const options = parseFeedOptions(
      [
        '--rate',
        '5000',
        '--symbols',
        '500',
        '--duration',
        '60',
        '--topic',
        't',
        '--compression',
        'zstd',
      ],
      {},
    );
    expect(options).toMatchObject({
      rate: 5000,
      symbols: 500,
      durationS: 60,
      topic: 't',
      compression: 'zstd',
      brokers: ['127.0.0.1:9092'],
    });
  });

  it.each([
    [['--rate', 'fast'], /--rate "fast": expected an integer in 1..1000000/],
    [['--symbols', '0'], /--symbols "0"/],
    [['--speed', '1'], /unknown option --speed/],
    [['--rate'], /bad argument "--rate"/],
    [['--compression', 'brotli'], /--compression "brotli": expected one of none, gzip, snappy/],
  ])('refuses %p with the usage line', (argv, message) => {
    expect(() => parseFeedOptions(argv, {})).toThrow(message);
    expect(() => parseFeedOptions(argv, {})).toThrow(/usage: npm run feed/);
  });
});
