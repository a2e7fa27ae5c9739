import { buildInstrumentUniverse } from '../simulator/instrument-universe.js';
import { MarketSimulator } from '../simulator/market-simulator.js';
import { seededRandom } from '../simulator/seeded-random.js';
import { parseFeedOptions, type FeedOptions } from './feed-options.js';
import { TickPublisher } from './tick-publisher.js';

/** How often a batch is sent, in ms. */
const BATCH_MS = 10;
/** How often the progress line is rewritten, in ms. */
const PROGRESS_MS = 1000;

/**
 * The simulated market published to Kafka:
 * `npm run feed -- --rate 5000 --symbols 500 [--duration 60]`.
 */
async function main(options: FeedOptions): Promise<void> {
  const random = seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 31));
  const simulator = new MarketSimulator(buildInstrumentUniverse(options.symbols, random), random);
  const publisher = new TickPublisher(options.brokers, options.topic, {
    compression: options.compression,
  });
  await publisher.connect(options.partitions);
  process.stdout.write(
    `feeding ${options.topic} on ${options.brokers.join(',')}: ${options.symbols} symbols at ${options.rate} ticks/s` +
      ` (compression ${options.compression})\n`,
  );

  const started = Date.now();
  let sent = 0;
  let owed = 0;
  let last = started;
  let lastReport = { at: started, sent: 0 };
  let stopping = false;
  const stop = (): void => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await publisher.publish(simulator.openingTicks(started));
  sent += options.symbols;
  while (
    !stopping &&
    (options.durationS === undefined || Date.now() - started < options.durationS * 1000)
  ) {
    const now = Date.now();
    owed += (options.rate * (now - last)) / 1000;
    last = now;
    const batch = [];
    for (; owed >= 1; owed--) batch.push(simulator.next(now));
    await publisher.publish(batch);
    sent += batch.length;
    if (now - lastReport.at >= PROGRESS_MS) {
      const rate = ((sent - lastReport.sent) * 1000) / (now - lastReport.at);
      process.stdout.write(
        `\rsent ${sent} ticks, ${rate.toFixed(0)}/s (target ${options.rate}/s)   `,
      );
      lastReport = { at: now, sent };
    }
    const wait = BATCH_MS - (Date.now() - now);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await publisher.disconnect();
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `\ndone: ${sent} ticks in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s)\n`,
  );
}

try {
  await main(parseFeedOptions(process.argv.slice(2), process.env));
} catch (error) {
  process.stderr.write(`feed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
