import { COMPRESSION_NAMES, type CompressionName } from '../kafka/compression-codecs.js';

/** Options of the Kafka feeder CLI (`npm run feed -- …`). */
export interface FeedOptions {
  /** `--brokers`: bootstrap brokers; default `KAFKA_BROKERS` or `127.0.0.1:9092`. */
  readonly brokers: string[];
  /** `--topic`: default `KAFKA_TOPICS`' first topic or `market.ticks`. */
  readonly topic: string;
  /** `--rate`: ticks per second across all symbols. Default 1000. */
  readonly rate: number;
  /** `--symbols`: number of simulated instruments. Default 300. */
  readonly symbols: number;
  /** `--duration`: seconds to run; unset = until interrupted. */
  readonly durationS: number | undefined;
  /** `--partitions`: partitions when the topic has to be created. Default 3. */
  readonly partitions: number;
  /** `--seed`: PRNG seed for a reproducible feed. */
  readonly seed: number | undefined;
  /** `--compression`: codec of the produced batches, as Kafka's `compression.type`. Default `none`. */
  readonly compression: CompressionName;
}

const USAGE =
  'usage: npm run feed -- [--rate 5000] [--symbols 500] [--duration 60] [--topic market.ticks] ' +
  '[--brokers host:port,...] [--partitions 3] [--seed 42] ' +
  `[--compression ${COMPRESSION_NAMES.join('|')}]`;

/** Options that take a word rather than an integer. */
const WORD_OPTIONS = new Set(['topic', 'brokers', 'compression']);

const INT_LIMITS: Record<string, [number, number]> = {
  rate: [1, 1_000_000],
  symbols: [1, 5000],
  duration: [1, 86_400 * 7],
  partitions: [1, 1000],
  seed: [0, 2 ** 31 - 1],
};

/** Parses `--name value` pairs; throws with the usage line on anything else. */
export function parseFeedOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FeedOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined)
      throw new Error(`bad argument "${flag}"\n${USAGE}`);
    values.set(flag.slice(2), value);
  }
  const int = (name: string, fallback: number | undefined): number | undefined => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const [min, max] = INT_LIMITS[name]!;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new Error(`--${name} "${raw}": expected an integer in ${min}..${max}\n${USAGE}`);
    }
    return value;
  };
  for (const name of values.keys()) {
    if (!(name in INT_LIMITS) && !WORD_OPTIONS.has(name))
      throw new Error(`unknown option --${name}\n${USAGE}`);
  }
  const compression = values.get('compression') ?? 'none';
  if (!isCompressionName(compression)) {
    throw new Error(
      `--compression "${compression}": expected one of ${COMPRESSION_NAMES.join(', ')}\n${USAGE}`,
    );
  }
  const brokers = (values.get('brokers') ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return {
    brokers,
    topic: values.get('topic') ?? env.KAFKA_TOPICS?.split(',')[0]?.trim() ?? 'market.ticks',
    rate: int('rate', 1000)!,
    symbols: int('symbols', 300)!,
    durationS: int('duration', undefined),
    partitions: int('partitions', 3)!,
    seed: int('seed', undefined),
    compression,
  };
}

function isCompressionName(name: string): name is CompressionName {
  return (COMPRESSION_NAMES as readonly string[]).includes(name);
}
