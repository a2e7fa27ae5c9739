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

let rate = 0;
let t0 = Infinity;
let t1 = -Infinity;
/** @type {Map<string, number>} ticks per symbol with t0 <= ts < t1 */
let counts = new Map();
let sent = 0;
/** Produce round trips (send → ack) of sends started in the window. */
let sendMs = 0;
let maxSendMs = 0;
let sends = 0;
let stopping = false;
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
  const started = Date.now();
  const inWindow = started >= t0 && started < t1;
  await producer.send({
    topic: TOPIC,
    messages: ticks.map((tick) => ({
      key: tick.symbol,
      value: recordValue(tick),
      headers: { [CHANNELS_HEADER]: tick.symbol },
    })),
  });
  sent += ticks.length;
  if (!inWindow) return;
  const ms = Date.now() - started;
  sendMs += ms;
  sends++;
  if (ms > maxSendMs) maxSendMs = ms;
}

async function loop() {
  let owed = 0;
  let last = Date.now();
  while (!stopping) {
    const now = Date.now();
    owed += (rate * (now - last)) / 1000;
    last = now;
    const batch = [];
    for (; owed >= 1; owed--) batch.push(simulator.next(now));
    if (now >= t0 && now < t1) for (const tick of batch) counts.set(tick.symbol, (counts.get(tick.symbol) ?? 0) + 1);
    await publish(batch);
    const wait = BATCH_MS - (Date.now() - now);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** @param {any} msg */
const reply = (msg) => process.send?.(msg);

process.on('message', async (/** @type {any} */ cmd) => {
  if (cmd.type === 'rate') {
    rate = cmd.rate;
    reply({ type: 'rate-set' });
  } else if (cmd.type === 'window') {
    t0 = cmd.t0;
    t1 = cmd.t1;
    counts = new Map();
    sendMs = 0;
    maxSendMs = 0;
    sends = 0;
    reply({ type: 'window-set' });
  } else if (cmd.type === 'report') {
    reply({ type: 'report', counts: Object.fromEntries(counts), sent, avgSendMs: sends ? sendMs / sends : 0, maxSendMs });
  } else if (cmd.type === 'stop') {
    stopping = true;
    await producer.disconnect().catch(() => {});
    reply({ type: 'stopped' });
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

const admin = kafka.admin();
await admin.connect();
if (!(await admin.listTopics()).includes(TOPIC)) {
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: Number(PARTITIONS) }], waitForLeaders: true });
}
await admin.disconnect();
await producer.connect();
// The opening state of every symbol first, so subjects that only know symbols with a
// price (tickstream on Kafka) accept every subscription.
const opening = simulator.openingTicks(Date.now());
await publish(opening);
reply({ type: 'ready', symbols: opening.map((t) => t.symbol) });
void loop();
