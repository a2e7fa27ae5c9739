import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '../../../src/ingest/feed/ensure-topics.js';
import { startLocalBroker, type LocalBroker } from '../../../tools/kafka/broker.mjs';
import { TickPublisher } from './tick-publisher.js';
import type { CompressionName } from '../../../src/ingest/kafka/compression-codecs.js';
import type { RawTick } from '../../../src/market/tick.js';

/** How long a Kafka test waits for a broker to come up (cold JVM on 2 cores). */
export const BROKER_START_TIMEOUT_MS = 180_000;

/** Timeout of one Kafka test: broker round trips and consumer-group joins on 2 cores. */
export const KAFKA_TEST_TIMEOUT_MS = 120_000;

/**
 * The broker for a test file: `KAFKA_BROKERS` when given, else a local
 * single-node KRaft broker from the cached Maven jars (tools/kafka).
 */
export async function kafkaForTests(): Promise<{
  bootstrap: string;
  broker: LocalBroker | undefined;
}> {
  const given = process.env.KAFKA_BROKERS?.trim();
  if (given) return { bootstrap: given, broker: undefined };
  const broker = await startLocalBroker({ quiet: true });
  return { bootstrap: broker.bootstrap, broker };
}

/** A fresh topic name, so test files and cases never see each other's records. */
export function uniqueTopic(prefix = 'ticks'): string {
  return `${prefix}.${randomBytes(4).toString('hex')}`;
}

/** A publisher connected to `topic` (created with `partitions`), writing `compression` batches. */
export async function publisherFor(
  bootstrap: string,
  topic: string,
  partitions = 3,
  compression: CompressionName = 'none',
): Promise<TickPublisher> {
  const publisher = new TickPublisher([bootstrap], topic, {
    clientId: 'tickstream-test',
    compression,
  });
  await publisher.connect(partitions);
  return publisher;
}

/** A tick stamped `ts` (default now). */
export function tick(symbol: string, last: number, extra: Partial<RawTick> = {}): RawTick {
  return {
    symbol,
    ts: Date.now(),
    bid: last - 0.01,
    ask: last + 0.01,
    last,
    lastSize: 10,
    ...extra,
  };
}

/**
 * Environment of a service consuming `topic` from `bootstrap`, tuned for fast tests.
 * Ticks only unless `extra` names trade or book topics: the defaults
 * (`market.trades`, `market.book`) would be shared by every test on the broker.
 */
export function kafkaEnv(
  bootstrap: string,
  topic: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: bootstrap,
    KAFKA_TOPICS: topic,
    KAFKA_TRADE_TOPICS: '',
    KAFKA_BOOK_TOPICS: '',
    KAFKA_STALE_AFTER_MS: '2000',
    KAFKA_WARM_START_TIMEOUT_MS: '60000',
    ALLOW_ANONYMOUS_WILDCARD: 'true',
    ...extra,
  };
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes (for state outside any socket). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Creates `topics` (those missing) with `partitions` partitions each. */
export async function createTopics(
  bootstrap: string,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'tickstream-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
  });
  await ensureTopics(kafka, topics, partitions);
}
