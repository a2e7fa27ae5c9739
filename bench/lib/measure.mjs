// @ts-check
// The measurement loop shared by the streaming scenarios: one subject at a time gets a
// fresh topic, the same feeder (same seed, so the same ticks) and the same clients;
// a window is measured by the tickers' source time, so "expected" is exact.
import { Feeder } from './feed.mjs';
import { LoadClients } from './load-clients.mjs';
import { cpuSeconds, machineBusySeconds, rssBytes, sleep, tcpBufferMB, waitUntilQuiet } from './proc.mjs';
import { simulatorModules } from './service.mjs';
import { startSubject } from './subjects.mjs';

// The simulator's seeded PRNG, so every subject gets the same clients.
const { seededRandom } = await simulatorModules();

/** @typedef {import('./subjects.mjs').Subject} Subject */
/** @typedef {import('./subjects.mjs').SubjectName} SubjectName */
/** @typedef {import('./load-clients.mjs').ClientSpec} ClientSpec */

/**
 * `clients` specs, each with `perClient` distinct symbols drawn from `universe`.
 * @param {readonly string[]} universe
 * @param {number} clients
 * @param {number} perClient
 * @param {number} stalledShare  0..1: the first of every 1/share clients stalls
 * @param {number} [seed]
 * @param {boolean} [stalledTakeAll]  stalled clients subscribe to the whole universe
 * @returns {ClientSpec[]}
 */
export function clientSpecs(universe, clients, perClient, stalledShare = 0, seed = 7, stalledTakeAll = false) {
  const random = seededRandom(seed);
  const every = stalledShare > 0 ? Math.round(1 / stalledShare) : 0;
  return Array.from({ length: clients }, (_, i) => {
    const pool = [...universe];
    for (let k = 0; k < perClient; k++) {
      const j = k + Math.floor(random() * (pool.length - k));
      [pool[k], pool[j]] = [pool[j], pool[k]];
    }
    const stalled = every > 0 && i % every === 0;
    return { symbols: stalled && stalledTakeAll ? [...universe] : pool.slice(0, perClient), stalled };
  });
}

/**
 * @typedef {object} Ctx
 * @property {string} brokers
 * @property {string} scenario
 * @property {number} symbols       universe size
 * @property {number} loadProcesses
 * @property {number} [brokerPid]   the local Kafka broker's pid, when the bench started it
 * @property {string} [cpuProfDir]  profile tickstream with --cpu-prof into this dir
 * @property {Record<string, string>} [tickstreamEnv]  extra environment for tickstream
 * @property {(line: string) => void} log
 * @property {Record<string, unknown>} [partial]  raw figures as they are measured (scenarios put
 *   their results object here), so that a run that fails before its report still writes them
 */

/**
 * Runs `body` with a started subject, its feeder and a set of load-client processes,
 * and tears all three down afterwards.
 * @template T
 * @param {SubjectName} name
 * @param {Ctx} ctx
 * @param {(env: SubjectEnv) => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function withSubject(name, ctx, body) {
  const topic = `bench-${ctx.scenario}-${name.replace(/\W/g, '')}-${Date.now()}`;
  const feeder = await Feeder.start({ brokers: ctx.brokers, topic, symbols: ctx.symbols, seed: 42 });
  /** @type {Subject | undefined} */
  let subject;
  /** @type {LoadClients | undefined} */
  let clients;
  try {
    subject = await startSubject(name, {
      brokers: ctx.brokers,
      topic,
      cpuProfDir: name === 'tickstream' ? ctx.cpuProfDir : undefined,
      env: name === 'tickstream' ? ctx.tickstreamEnv : undefined,
    });
    await subject.waitSymbols(feeder.symbols.length);
    clients = new LoadClients(ctx.loadProcesses);
    return await body({ subject, feeder, clients, brokerPid: ctx.brokerPid });
  } finally {
    await clients?.close();
    await feeder.stop();
    await subject?.stop();
  }
}

/**
 * @typedef {{ subject: Subject, feeder: Feeder, clients: LoadClients, brokerPid?: number }} SubjectEnv
 */

/**
 * Starts every runnable subject at once (each with its own topic, feeder and load-client
 * processes; idle until fed), so `body` can interleave their measurements: round after
 * round, each subject measured in turn, disturbance from other work on the machine
 * falls on all of them alike. Subjects that fail to start are reported in `failed`.
 * @template T
 * @param {SubjectName[]} names
 * @param {Ctx} ctx
 * @param {(envs: Map<SubjectName, SubjectEnv>, failed: Map<SubjectName, string>) => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function withSubjects(names, ctx, body) {
  /** @type {Map<SubjectName, SubjectEnv>} */
  const envs = new Map();
  /** @type {Map<SubjectName, string>} */
  const failed = new Map();
  /** @type {Array<{ what: string, step: () => Promise<void> }>} */
  const teardown = [];
  try {
    for (const name of names) {
      const topic = `bench-${ctx.scenario}-${name.replace(/\W/g, '')}-${Date.now()}`;
      try {
        const feeder = await Feeder.start({ brokers: ctx.brokers, topic, symbols: ctx.symbols, seed: 42 });
        teardown.push({ what: `${name} feeder`, step: () => feeder.stop() });
        const subject = await startSubject(name, {
          brokers: ctx.brokers,
          topic,
          cpuProfDir: name.startsWith('tickstream') ? ctx.cpuProfDir : undefined,
          env: name.startsWith('tickstream') ? ctx.tickstreamEnv : undefined,
        });
        teardown.push({ what: `${name} server`, step: () => subject.stop() });
        await subject.waitSymbols(feeder.symbols.length);
        const clients = new LoadClients(ctx.loadProcesses);
        teardown.push({ what: `${name} load clients`, step: () => clients.close() });
        envs.set(name, { subject, feeder, clients, brokerPid: ctx.brokerPid });
      } catch (error) {
        failed.set(name, String(error).slice(0, 300));
        ctx.log(`  ${name}: could not start: ${String(error)}`);
      }
    }
    return await body(envs, failed);
  } finally {
    for (const { what, step } of teardown.reverse()) {
      const started = Date.now();
      await step().catch((error) => ctx.log(`  stopping ${what} failed: ${String(error)}`));
      if (Date.now() - started > 5000) ctx.log(`  stopping ${what} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
}

/**
 * @typedef {object} WindowResult
 * @property {number} rate             offered ticks/s
 * @property {number} fedRate          ticks/s the feeder achieved in the window
 * @property {number} expected         updates owed to the measured clients
 * @property {number} delivered        of those, received before the drain ended (first arrivals only)
 * @property {number} duplicates       updates with `ts` in the window received again by the same client (same symbol and seq)
 * @property {number} foreign          updates with `ts` in the window of symbols the client did not subscribe to (0 unless something is wrong)
 * @property {number} seqless          delivered updates without `seq` (not checked for repeats)
 * @property {number} stalledClients   clients that never read
 * @property {number} deliveredPct
 * @property {number} updatesPerS      delivered / window length
 * @property {{samples: number, p50: number, p99: number, p999: number, max: number}} latency  ms
 * @property {number} serverCpuS
 * @property {number} serverCpuPct     of one core
 * @property {number} cpuSPerMillion   server CPU-seconds per million delivered updates
 * @property {number} serverRssMB      at the end of the window
 * @property {number} clientCpuPct
 * @property {number} feederCpuPct
 * @property {number | undefined} kafkaCpuPct  CPU % of the local Kafka broker (undefined with KAFKA_BROKERS)
 * @property {number} othersCpuPct   CPU % of everything else on the machine (idle subjects, other users)
 * @property {{ avg: number, max: number }} produceMs  the feeder's produce round trips (send → broker ack) in the window
 * @property {number} tcpBufferMaxMB  most kernel TCP buffer memory seen in the window (sampled every second), MB
 * @property {number} tcpBufferMeanMB  kernel TCP buffer memory, mean of the samples over the window, MB
 * @property {number} tcpBufferEndMB   kernel TCP buffer memory at the end of the window, MB
 * @property {number} fedTotal          records the feeder has sent so far (cumulative, all windows, read after the drain)
 * @property {number} frames
 * @property {number} openConnections
 * @property {Record<string, number>} closes         close codes of measured clients in the window
 * @property {Record<string, number>} stalledCloses  close codes of stalled clients
 * @property {Record<string, number> | undefined} counters  the subject's own counters at the end of the window (cumulative; tickstream and Centrifugo)
 * @property {Record<string, number> | undefined} countersAtStart  the same just before the window (in its warm-up)
 * @property {Record<string, number> | undefined} countersAfterDrain  the same after the drain, when `fedTotal` is read
 *   (Centrifugo: records its consumer processed vs records the feeder sent)
 */

/**
 * Feeds at `rate`, measures one window and reports it; with `idleAfter`, the feed
 * stops afterwards and this waits until the subject has gone quiet (worked off any
 * backlog), so interleaved runs keep the other subjects' windows undisturbed.
 * @param {SubjectEnv} env
 * @param {{ rate: number, warmupMs: number, measureMs: number, drainMs: number, specs: ClientSpec[], idleAfter?: boolean }} plan
 * @returns {Promise<WindowResult>}
 */
export async function measureWindow(env, { rate, warmupMs, measureMs, drainMs, specs, idleAfter = false }) {
  const { feeder } = env;
  await feeder.setRate(rate);
  try {
    return await measureFed(env, { rate, warmupMs, measureMs, drainMs, specs });
  } finally {
    if (idleAfter) {
      await feeder.setRate(0);
      const { subject, clients } = env;
      await waitUntilQuiet(() => cpuSeconds(subject.pid) + clients.cpuSeconds());
    }
  }
}

/**
 * @param {SubjectEnv} env
 * @param {{ rate: number, warmupMs: number, measureMs: number, drainMs: number, specs: ClientSpec[] }} plan
 * @returns {Promise<WindowResult>}
 */
async function measureFed({ subject, feeder, clients, brokerPid }, { rate, warmupMs, measureMs, drainMs, specs }) {
  const brokerCpu = () => (brokerPid === undefined ? 0 : cpuSeconds(brokerPid));
  const t0 = Date.now() + warmupMs;
  const t1 = t0 + measureMs;
  await feeder.window(t0, t1);
  const open = await clients.window(t0, t1);
  // Every connection the load clients hold counts in the window, while `expected` counts
  // `specs`: connections left from an earlier window would inflate `delivered` (a window
  // after a failed connect once counted 168%).
  if (open > specs.length) throw new Error(`${open} connections open for ${specs.length} clients: ${open - specs.length} left from an earlier window`);
  // Read before t0 (during the warm-up), so the scrape's cost stays out of the window.
  const countersAtStart = await subject.counters();
  await sleep(t0 - Date.now());
  const cpu0 = cpuSeconds(subject.pid);
  const client0 = clients.cpuSeconds();
  const feeder0 = feeder.cpuSeconds();
  const kafka0 = brokerCpu();
  const busy0 = machineBusySeconds();
  const tcpSamples = [tcpBufferMB()];
  const sampler = setInterval(() => tcpSamples.push(tcpBufferMB()), 1000);
  await sleep(t1 - Date.now());
  clearInterval(sampler);
  const tcpBufferEndMB = tcpBufferMB();
  tcpSamples.push(tcpBufferEndMB);
  const busyS = machineBusySeconds() - busy0;
  const serverCpuS = cpuSeconds(subject.pid) - cpu0;
  const clientCpuS = clients.cpuSeconds() - client0;
  const feederCpuS = feeder.cpuSeconds() - feeder0;
  const kafkaCpuS = brokerCpu() - kafka0;
  const serverRssMB = rssBytes(subject.pid) / 2 ** 20;
  const countersAtEnd = await subject.counters();
  await sleep(drainMs);
  const countersAfterDrain = await subject.counters();
  const fed = await feeder.report();
  const got = await clients.report();
  let expected = 0;
  for (const spec of specs) {
    if (spec.stalled) continue;
    for (const symbol of spec.symbols) expected += fed.counts[symbol] ?? 0;
  }
  const seconds = measureMs / 1000;
  const fedTicks = Object.values(fed.counts).reduce((s, n) => s + n, 0);
  return {
    rate,
    fedRate: fedTicks / seconds,
    expected,
    delivered: got.delivered,
    duplicates: got.duplicates,
    foreign: got.foreign,
    seqless: got.seqless,
    stalledClients: specs.filter((spec) => spec.stalled).length,
    deliveredPct: expected ? (100 * got.delivered) / expected : 0,
    updatesPerS: got.delivered / seconds,
    latency: got.latency,
    serverCpuS,
    serverCpuPct: (100 * serverCpuS) / seconds,
    cpuSPerMillion: got.delivered ? serverCpuS / (got.delivered / 1e6) : NaN,
    serverRssMB,
    clientCpuPct: (100 * clientCpuS) / seconds,
    feederCpuPct: (100 * feederCpuS) / seconds,
    kafkaCpuPct: brokerPid === undefined ? undefined : (100 * kafkaCpuS) / seconds,
    othersCpuPct: (100 * (busyS - serverCpuS - clientCpuS - feederCpuS - kafkaCpuS)) / seconds,
    produceMs: { avg: fed.avgSendMs, max: fed.maxSendMs },
    tcpBufferMaxMB: Math.max(...tcpSamples),
    tcpBufferMeanMB: tcpSamples.reduce((a, b) => a + b, 0) / tcpSamples.length,
    tcpBufferEndMB,
    fedTotal: fed.sent,
    frames: got.frames,
    openConnections: got.open,
    closes: got.closes,
    stalledCloses: got.stalledCloses,
    counters: countersAtEnd,
    countersAtStart,
    countersAfterDrain,
  };
}

/**
 * Connects `specs` and throws when too many fail (after dropping the ones that connected).
 * @param {{ subject: Subject, clients: LoadClients }} env
 * @param {ClientSpec[]} specs
 * @param {(line: string) => void} log
 * @param {import('./protocols.mjs').Subscription} [subscription]  another channel than `ticker`
 */
export async function connectClients({ subject, clients }, specs, log, subscription) {
  const result = await clients.connect(subject.protocol, subject.url, specs, { subscription });
  log(`  ${subject.name}: ${result.ok}/${specs.length} clients connected and subscribed in ${result.ms} ms`);
  if (result.failed > 0) log(`  ${subject.name}: connect failures ${JSON.stringify(result.errors)}`);
  if (result.ok < specs.length * 0.99) {
    // Never leave the connected ones behind: they would count in the next window.
    await clients.drop();
    throw new Error(`${subject.name}: only ${result.ok}/${specs.length} clients connected: ${JSON.stringify(result.errors)}`);
  }
  return result;
}
