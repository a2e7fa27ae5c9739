import { DEFAULT_BOOK_SNAPSHOT_EVERY, parseFeedOptions } from './feed-options.js';

describe('parseFeedOptions', () => {
  it('has defaults and reads the environment', () => {
    expect(
      parseFeedOptions([], { KAFKA_BROKERS: 'a:1,b:2', KAFKA_TOPICS: 'prices,other' }),
    ).toEqual({
      brokers: ['a:1', 'b:2'],
      channels: ['ticks', 'trades', 'book'],
      topic: 'prices',
      tradeTopic: 'market.trades',
      bookTopic: 'market.book',
      rate: 1000,
      symbols: 300,
      durationS: undefined,
      partitions: 3,
      seed: undefined,
      compression: 'none',
      bookLevels: 120,
      bookSnapshotEvery: DEFAULT_BOOK_SNAPSHOT_EVERY,
    });
  });

  it('takes the trade and book topics from the service’s variables, unless they are off', () => {
    expect(
      parseFeedOptions([], { KAFKA_TRADE_TOPICS: ' tr1,tr2', KAFKA_BOOK_TOPICS: 'bk' }),
    ).toMatchObject({ tradeTopic: 'tr1', bookTopic: 'bk' });
    // Empty turns a feed off in the service; the feeder still needs a topic name to write to.
    expect(parseFeedOptions([], { KAFKA_TRADE_TOPICS: '', KAFKA_BOOK_TOPICS: ' ' })).toMatchObject({
      tradeTopic: 'market.trades',
      bookTopic: 'market.book',
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

  it('reads the channels, topics and book flags, in both --name value and --name=value forms', () => {
    const options = parseFeedOptions(
      [
        '--channels',
        'book, trades',
        '--trade-topic=tr',
        '--book-topic',
        'bk',
        '--book-levels=200',
        '--book-snapshot-every',
        '500',
      ],
      { KAFKA_TRADE_TOPICS: 'ignored' },
    );
    expect(options).toMatchObject({
      // In the canonical order, whatever the order given.
      channels: ['trades', 'book'],
      tradeTopic: 'tr',
      bookTopic: 'bk',
      bookLevels: 200,
      bookSnapshotEvery: 500,
    });
    expect(parseFeedOptions(['--channels', 'ticks,ticks'], {}).channels).toEqual(['ticks']);
  });

  it.each([
    [['--rate', 'fast'], /--rate "fast": expected an integer in 1..1000000/],
    [['--symbols', '0'], /--symbols "0"/],
    [['--speed', '1'], /unknown option --speed/],
    [['-r', '1'], /unknown option -r/],
    [['--rate'], /bad argument "--rate"/],
    [['--rate', '--symbols', '5'], /bad argument "--rate"/],
    [['5000'], /bad argument "5000"/],
    [['--brokers', ' , '], /--brokers: expected host:port/],
    [['--compression', 'brotli'], /--compression "brotli": expected one of none, gzip, snappy/],
    [['--channels', 'ticks,quotes'], /--channels "ticks,quotes": expected .* ticks, trades, book/],
    [['--channels', ','], /--channels ",": expected/],
    [['--book-levels', '50'], /--book-levels "50": expected an integer in 100..1000/],
    [['--book-snapshot-every', '0'], /--book-snapshot-every "0": expected an integer in 1\.\./],
  ])('refuses %p with the usage line', (argv, message) => {
    expect(() => parseFeedOptions(argv, {})).toThrow(message);
    expect(() => parseFeedOptions(argv, {})).toThrow(/usage: npm run feed/);
  });
});
