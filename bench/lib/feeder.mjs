// @ts-check
// The feeder shared by every subject: the project's simulated market (compiled
// dist/ingest/simulator, the code behind `npm run feed`) published to one Kafka
// topic with the service's record schema — key = symbol, value = JSON tick — plus a
// `centrifugo-channels` header naming the symbol, which Centrifugo's Kafka consumer
// (publication data mode) needs and the others ignore. Driven over IPC: rate changes,
// measurement windows (per-symbol counts of ticks whose `ts` falls in the window).
// Every record also carries `seq`, the feeder's own per-symbol count (1 = the opening
// tick), placed between `symbol` and `ts`: the services derive their own `seq` and ignore
// it (tickstream's decoder and TickerBook read named fields only), but Centrifugo passes
// the value through untouched, so the load client can tell a repeated publication from
// a new one for every subject (see "duplicates" in bench/README.md).
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { FeederControl, ensureTopics, reply } from './feeder-control.mjs';
import { simulatorModules } from './service.mjs';

/** How often a batch is produced, in ms (as in feed.cli). */
const BATCH_MS = 10;
const CHANNELS_HEADER = 'centrifugo-channels';

const { BROKERS = '', TOPIC = '', SYMBOLS = '500', SEED = '42', PARTITIONS = '3' } = process.env;
const { buildInstrumentUniverse, MarketSimulator, seededRandom } = await simulatorModules();
const random = seededRandom(Number(SEED));
const simulator = new MarketSimulator(buildInstrumentUniverse(Number(SYMBOLS), random), random);
const kafka = new Kafka({ clientId: 'bench-feeder', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });

const control = new FeederControl();
/** @type {Map<string, number>} ticks per symbol with t0 <= ts < t1 */
let counts = new Map();
/** @type {Map<string, number>} the last `seq` sent per symbol */
const seqs = new Map();

/**
 * The record value: the tick with the feeder's per-symbol `seq` after `symbol`.
 * @param {import('./service.mjs').RawTick} tick
 */
function recordValue(tick) {
  const seq = (seqs.get(tick.symbol) ?? 0) + 1;
  seqs.set(tick.symbol, seq);
  const { symbol, ...rest } = tick;
  return JSON.stringify({ symbol, seq, ...rest });
}

/** @param {import('./service.mjs').RawTick[]} ticks */
async function publish(ticks) {
  if (ticks.length === 0) return;
  const messages = ticks.map((tick) => ({
    key: tick.symbol,
    value: recordValue(tick),
    headers: { [CHANNELS_HEADER]: tick.symbol },
  }));
  await control.timedSend(ticks.length, () => producer.send({ topic: TOPIC, messages }));
}

async function loop() {
  let owed = 0;
  let last = Date.now();
  while (!control.stopping) {
    const now = Date.now();
    owed += (control.rate * (now - last)) / 1000;
    last = now;
    const batch = [];
    for (; owed >= 1; owed--) batch.push(simulator.next(now));
    if (control.inWindow(now)) for (const tick of batch) counts.set(tick.symbol, (counts.get(tick.symbol) ?? 0) + 1);
    await publish(batch);
    const wait = BATCH_MS - (Date.now() - now);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

control.serve(producer, {
  onWindow: () => (counts = new Map()),
  report: () => ({ counts: Object.fromEntries(counts) }),
});

await ensureTopics(kafka, [TOPIC], Number(PARTITIONS));
await producer.connect();
// The opening state of every symbol first, so subjects that only know symbols with a
// price (tickstream on Kafka) accept every subscription.
const opening = simulator.openingTicks(Date.now());
await publish(opening);
reply({ type: 'ready', symbols: opening.map((t) => t.symbol) });
void loop();
