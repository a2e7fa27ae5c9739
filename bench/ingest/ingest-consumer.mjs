// @ts-check
// One ingest measurement, in its own process: read a pre-filled topic from its start
// until `COUNT` ticks have been applied to a ticker book, and report ticks/s.
//   MODE=tickstream: the service's own path, compiled — KafkaTickSource (decode,
//                    validate, bounded queue, pause/resume) → TickerBook.apply, with
//                    the service's default KAFKA_* settings (loadConfig).
//                    KAFKA_MAX_QUEUE / KAFKA_MAX_LOOP_DELAY_MS in the environment apply.
//   MODE=kafkajs:    the floor — a bare kafkajs eachBatch loop, JSON.parse and the
//                    baselines' ticker derivation.
// Env: BROKERS, TOPIC, COUNT, MODE. Prints one JSON line.
import { cpuSeconds } from '../lib/proc.mjs';
import { ingestModules } from '../lib/service.mjs';

const { BROKERS = '', TOPIC = '', COUNT = '0', MODE = 'tickstream' } = process.env;
const count = Number(COUNT);
let applied = 0;
let firstAt = 0;
let cpuAtFirst = 0;

/** @type {(value?: unknown) => void} */
let finish = () => {};
const finished = new Promise((resolve) => (finish = resolve));

function onApplied() {
  if (applied === 0) {
    firstAt = performance.now();
    cpuAtFirst = cpuSeconds(process.pid);
  }
  if (++applied === count) finish();
}

let stop = async () => {};
if (MODE === 'tickstream') {
  const { KafkaTickSource, TickerBook, loadConfig } = await ingestModules();
  const book = new TickerBook();
  const { kafka } = loadConfig({
    ...process.env,
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPICS: TOPIC,
    // Ticks only: the trades and book feeds would wait for their default topics.
    KAFKA_TRADE_TOPICS: '',
    KAFKA_BOOK_TOPICS: '',
    KAFKA_CLIENT_ID: 'bench-ingest',
    KAFKA_GROUP_ID: `bench-ingest-${Date.now()}`,
    KAFKA_WARM_START_RECORDS: String(count), // re-read the whole topic
    KAFKA_WARM_START_TIMEOUT_MS: '600000',
  });
  if (!kafka) throw new Error('no Kafka configuration');
  const source = new KafkaTickSource(kafka);
  source.ticks$.subscribe((tick) => {
    if (book.apply(tick)) onApplied();
  });
  void source.start();
  stop = () => source.stop();
} else {
  const { consumeTickers } = await import('../baselines/lib/tick-consumer.mjs');
  const consumer = await consumeTickers({ brokers: BROKERS.split(','), topic: TOPIC, onTicker: onApplied });
  stop = () => consumer.disconnect();
}
const timeout = setTimeout(() => finish(), 300_000);
await finished;
clearTimeout(timeout);
const seconds = (performance.now() - firstAt) / 1000;
const cpu = cpuSeconds(process.pid) - cpuAtFirst;
process.stdout.write(`${JSON.stringify({ mode: MODE, applied, seconds, ticksPerS: applied / seconds, cpuSeconds: cpu, ticksPerCpuS: applied / cpu })}\n`);
await Promise.race([stop(), new Promise((r) => setTimeout(r, 5000))]);
process.exit(0);
