import { parseArgs } from 'node:util';
import { MARKET_FEEDS, isMarketFeed, type MarketFeed } from '../../market/market-feed.js';
import { COMPRESSION_NAMES, type CompressionName } from '../kafka/compression-codecs.js';

/** Options of the Kafka feeder CLI (`npm run feed -- …`). */
export interface FeedOptions {
  /** `--brokers`: bootstrap brokers; default `KAFKA_BROKERS` or `127.0.0.1:9092`. */
  readonly brokers: string[];
  /** `--channels`: the feeds to publish, comma-separated. Default `ticks,trades,book`. */
  readonly channels: readonly MarketFeed[];
  /** `--topic`: the ticks topic; default `KAFKA_TOPICS`' first topic or `market.ticks`. */
  readonly topic: string;
  /** `--trade-topic`: default `KAFKA_TRADE_TOPICS`' first topic or `market.trades`. */
  readonly tradeTopic: string;
  /** `--book-topic`: default `KAFKA_BOOK_TOPICS`' first topic or `market.book`. */
  readonly bookTopic: string;
  /** `--rate`: simulator steps per second across all symbols (each a tick, a trade and a book record). Default 1000. */
  readonly rate: number;
  /** `--symbols`: number of simulated instruments. Default 300. */
  readonly symbols: number;
  /** `--duration`: seconds to run; unset = until interrupted. */
  readonly durationS: number | undefined;
  /** `--partitions`: partitions of each topic that has to be created. Default 3. */
  readonly partitions: number;
  /** `--seed`: PRNG seed for a reproducible feed. */
  readonly seed: number | undefined;
  /** `--compression`: codec of the produced batches, as Kafka's `compression.type`. Default `none`. */
  readonly compression: CompressionName;
  /** `--book-levels`: levels a side of each simulated book. Default 120. */
  readonly bookLevels: number;
  /**
   * `--book-snapshot-every`: a book publishes a snapshot record instead of a delta
   * once it has published this many deltas since its last snapshot. Default
   * {@link DEFAULT_BOOK_SNAPSHOT_EVERY}; docs/kafka.md relates it to the service's
   * `KAFKA_WARM_START_RECORDS`.
   */
  readonly bookSnapshotEvery: number;
}

/**
 * Deltas between two snapshots of a simulated book. A restarted or new service
 * instance rebuilds a book only from a snapshot inside its warm-start re-read
 * (`KAFKA_WARM_START_RECORDS`, default 5000, records per partition). With the
 * defaults, 300 books on 3 partitions, a book's snapshots are about
 * (25 + 1) × 100 = 2600 records of its partition apart, so the last one is within
 * the re-read with a margin of about 2× for uneven activity.
 */
export const DEFAULT_BOOK_SNAPSHOT_EVERY = 25;

const USAGE =
  'usage: npm run feed -- [--channels ticks,trades,book] [--rate 5000] [--symbols 500] [--duration 60] ' +
  '[--topic market.ticks] [--trade-topic market.trades] [--book-topic market.book] ' +
  '[--brokers host:port,...] [--partitions 3] [--seed 42] ' +
  `[--compression ${COMPRESSION_NAMES.join('|')}] [--book-levels 120] ` +
  `[--book-snapshot-every ${DEFAULT_BOOK_SNAPSHOT_EVERY}]`;

const INT_LIMITS = {
  rate: [1, 1_000_000],
  symbols: [1, 5000],
  duration: [1, 86_400 * 7],
  partitions: [1, 1000],
  seed: [0, 2 ** 31 - 1],
  'book-levels': [100, 1000],
  'book-snapshot-every': [1, 1_000_000],
} as const satisfies Record<string, readonly [number, number]>;

type IntOption = keyof typeof INT_LIMITS;
const WORD_OPTIONS = ['channels', 'topic', 'trade-topic', 'book-topic', 'brokers', 'compression'];

/** Every option takes a value; integers are checked here, with their bounds in the message. */
const OPTIONS = Object.fromEntries(
  [...Object.keys(INT_LIMITS), ...WORD_OPTIONS].map((name) => [name, { type: 'string' as const }]),
);

/** Parses `--name value` (or `--name=value`) options; throws with the usage line on anything else. */
export function parseFeedOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FeedOptions {
  const values = parse(argv);
  const int = (name: IntOption, fallback: number | undefined): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const [min, max] = INT_LIMITS[name];
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new Error(`--${name} "${raw}": expected an integer in ${min}..${max}\n${USAGE}`);
    }
    return value;
  };
  const compression = values.compression ?? 'none';
  if (!isCompressionName(compression)) {
    throw new Error(
      `--compression "${compression}": expected one of ${COMPRESSION_NAMES.join(', ')}\n${USAGE}`,
    );
  }
  const brokers = list(values.brokers ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  if (brokers.length === 0) throw new Error(`--brokers: expected host:port,...\n${USAGE}`);
  return {
    brokers,
    channels: channels(values.channels),
    topic: values.topic ?? firstTopic(env.KAFKA_TOPICS) ?? 'market.ticks',
    tradeTopic: values['trade-topic'] ?? firstTopic(env.KAFKA_TRADE_TOPICS) ?? 'market.trades',
    bookTopic: values['book-topic'] ?? firstTopic(env.KAFKA_BOOK_TOPICS) ?? 'market.book',
    rate: int('rate', 1000)!,
    symbols: int('symbols', 300)!,
    durationS: int('duration', undefined),
    partitions: int('partitions', 3)!,
    seed: int('seed', undefined),
    compression,
    bookLevels: int('book-levels', 120)!,
    bookSnapshotEvery: int('book-snapshot-every', DEFAULT_BOOK_SNAPSHOT_EVERY)!,
  };
}

/** `node:util` parseArgs, strict, with its errors reworded for this CLI. */
function parse(argv: readonly string[]): Partial<Record<string, string>> {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false })
      .values as Partial<Record<string, string>>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs names the argument in quotes: "Unknown option '--speed'".
    const named = /'([^' ]+)/.exec(message)?.[1] ?? message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new Error(`unknown option ${named}\n${USAGE}`);
    }
    throw new Error(`bad argument "${named}"\n${USAGE}`);
  }
}

function channels(raw: string | undefined): MarketFeed[] {
  if (raw === undefined) return [...MARKET_FEEDS];
  const names = list(raw);
  const unknown = names.filter((name) => !isMarketFeed(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--channels "${raw}": expected a comma-separated list of ${MARKET_FEEDS.join(', ')}\n${USAGE}`,
    );
  }
  return MARKET_FEEDS.filter((feed) => names.includes(feed));
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function firstTopic(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : list(raw)[0];
}

function isCompressionName(name: string): name is CompressionName {
  return (COMPRESSION_NAMES as readonly string[]).includes(name);
}
