// @ts-check
// `ingest`: Kafka → TickerBook only (no clients): a topic pre-filled with simulated
// ticks is read from its start by the service's KafkaTickSource + TickerBook, and by a
// bare kafkajs loop for comparison; ticks/s and ticks per CPU-second per process.
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { fileURLToPath } from 'node:url';
import { simulatorModules } from '../lib/service.mjs';
import { startChild } from '../lib/proc.mjs';
import { fmt, ratio, safeReport } from '../lib/report.mjs';
import { oneLine, statusRow } from '../lib/subject-runs.mjs';

const ENTRY = fileURLToPath(new URL('../ingest/ingest-consumer.mjs', import.meta.url));
const PRODUCE_BATCH = 2000;

/**
 * @param {string} brokers
 * @param {string} topic
 * @param {number} total
 */
async function prefill(brokers, topic, total) {
  const { buildInstrumentUniverse, MarketSimulator, seededRandom } = await simulatorModules();
  const random = seededRandom(42);
  const simulator = new MarketSimulator(buildInstrumentUniverse(500, random), random);
  const kafka = new Kafka({ clientId: 'bench-ingest-fill', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let sent = 0; sent < total; sent += PRODUCE_BATCH) {
    const now = Date.now();
    const n = Math.min(PRODUCE_BATCH, total - sent);
    const messages = Array.from({ length: n }, () => {
      const tick = simulator.next(now);
      return { key: tick.symbol, value: JSON.stringify(tick) };
    });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
}

/**
 * @param {import('../lib/measure.mjs').Ctx} ctx
 * @param {{ quick: boolean }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function ingest(ctx, { quick }) {
  const total = quick ? 100_000 : 600_000;
  const topic = `bench-ingest-${Date.now()}`;
  /** @type {Record<string, any>} */
  const results = {};
  /** @type {Record<string, string>} path → why it has no figures */
  const failures = {};
  if (ctx.partial) ctx.partial.data = results;
  const modes = ['tickstream', 'kafkajs'];
  try {
    ctx.log(`  filling ${topic} with ${fmt(total)} ticks`);
    await prefill(ctx.brokers, topic, total);
  } catch (error) {
    for (const mode of modes) failures[mode] = `not run: filling the topic failed: ${oneLine(String(error))}`;
  }
  for (const mode of modes) {
    if (failures[mode]) continue;
    try {
      const child = startChild(process.execPath, [ENTRY], {
        role: 'subject',
        env: { BROKERS: ctx.brokers, TOPIC: topic, COUNT: String(total), MODE: mode, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      });
      const code = await child.exited;
      const line = child.output().split('\n').find((l) => l.startsWith('{"mode"'));
      if (!line) throw new Error(`exited (${code}) without a result: ${child.output().slice(-300)}`);
      results[mode] = JSON.parse(line);
      ctx.log(`  ${mode}: ${fmt(results[mode].ticksPerS)} ticks/s, ${fmt(results[mode].ticksPerCpuS)} ticks per CPU-second`);
    } catch (error) {
      failures[mode] = `failed: ${oneLine(String(error))}`;
      ctx.log(`  ${mode}: FAILED ${String(error)}`);
    }
  }
  const title = 'ingest: Kafka → TickerBook only, one process';
  const params = { ticks: total, partitions: 3, symbols: 500 };
  const notes = [
    'Timed from the first tick applied to the last; the topic is read from its start by a new consumer group. The broker runs on the same 2 cores.',
  ];
  return safeReport({ title, params, notes, data: results }, () => {
    const ts = results.tickstream;
    const headers = ['path', 'ticks', 'seconds', 'ticks/s', 'ticks / CPU-s', 'tickstream ÷ path'];
    const rows = modes.map((mode) => {
      const label = mode === 'tickstream' ? 'tickstream (KafkaTickSource → TickerBook)' : 'bare kafkajs + JSON.parse + ticker derivation';
      const r = results[mode];
      if (!r) return statusRow(label, failures[mode] ?? 'failed: no result', headers.length);
      return [label, fmt(r.applied), fmt(r.seconds, 2), fmt(r.ticksPerS), fmt(r.ticksPerCpuS), mode === 'tickstream' ? '' : ratio(ts?.ticksPerS, r.ticksPerS)];
    });
    return { title, params, headers, rows, verdicts: [], notes, data: { ...results, failures } };
  });
}
