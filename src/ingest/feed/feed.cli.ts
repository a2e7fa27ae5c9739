import type { MarketFeed } from '../../market/market-feed.js';
import { SimulatedMarket, type MarketStep } from '../simulator/simulated-market.js';
import { runIdAt } from '../simulator/simulated-trades.js';
import { parseFeedOptions, type FeedOptions } from './feed-options.js';
import { MarketPublisher, type FeedTopics } from './market-publisher.js';

/** How often a batch is sent, in ms. */
const BATCH_MS = 10;
/** How often the progress line is rewritten, in ms. */
const PROGRESS_MS = 1000;

/**
 * The simulated market published to Kafka, every feed to its topic:
 * `npm run feed -- --rate 5000 --symbols 500 [--duration 60] [--channels ticks,trades,book]`.
 * Each book starts with a snapshot record and repeats one every
 * `--book-snapshot-every` deltas, so a service starting later finds one (docs/kafka.md).
 */
async function main(options: FeedOptions): Promise<void> {
  const started = Date.now();
  const market = new SimulatedMarket({
    symbols: options.symbols,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
    feeds: options.channels,
    runId: runIdAt(started),
    bookLevels: options.bookLevels,
    bookSnapshotEvery: options.bookSnapshotEvery,
  });
  const topicOf: Record<MarketFeed, string> = {
    ticks: options.topic,
    trades: options.tradeTopic,
    book: options.bookTopic,
  };
  const topics: FeedTopics = Object.fromEntries(options.channels.map((f) => [f, topicOf[f]]));
  const publisher = new MarketPublisher(options.brokers, topics, {
    compression: options.compression,
  });
  await publisher.connect(options.partitions);
  const feeding = options.channels.map((f) => `${f} → ${topicOf[f]}`).join(', ');
  process.stdout.write(
    `feeding ${feeding} on ${options.brokers.join(',')}: ${options.symbols} symbols at ` +
      `${options.rate} steps/s (compression ${options.compression})\n`,
  );

  let steps = 0;
  let records = 0;
  let owed = 0;
  let last = started;
  let lastReport = { at: started, steps: 0 };
  let stopping = false;
  const stop = (): void => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const opening = market.opening(started);
  records += await publisher.publish(opening);
  steps += opening.length;
  while (
    !stopping &&
    (options.durationS === undefined || Date.now() - started < options.durationS * 1000)
  ) {
    const now = Date.now();
    owed += (options.rate * (now - last)) / 1000;
    last = now;
    const batch: MarketStep[] = [];
    for (; owed >= 1; owed--) batch.push(market.next(now));
    records += await publisher.publish(batch);
    steps += batch.length;
    if (now - lastReport.at >= PROGRESS_MS) {
      const rate = ((steps - lastReport.steps) * 1000) / (now - lastReport.at);
      process.stdout.write(
        `\rsent ${steps} steps (${records} records), ${rate.toFixed(0)} steps/s (target ${options.rate}/s)   `,
      );
      lastReport = { at: now, steps };
    }
    const wait = BATCH_MS - (Date.now() - now);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await publisher.disconnect();
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `\ndone: ${steps} steps, ${records} records in ${seconds.toFixed(1)} s ` +
      `(${(steps / seconds).toFixed(0)} steps/s)\n`,
  );
}

try {
  await main(parseFeedOptions(process.argv.slice(2), process.env));
} catch (error) {
  process.stderr.write(`feed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
