// @ts-check
// `book`: 1,000 clients × 5 of 500 order books on the `book` channel (depth 10, throttle
// 100 ms), book events/s raised step by step through Kafka until the goal fails (one retry
// per failing step). tickstream only: the baselines have no book channel.
//
// What is owed, delivered and late on a throttled, conflated channel (see bench/README.md):
// - a *change* is a book record that changed the best 10 levels of a side (price or
//   quantity) — the feeder decides from the records it publishes (lib/book-view.mjs);
//   records deeper in the book send nothing, by the protocol;
// - each client is *owed* every change with `ts` in the window of each of its books; the
//   change is *delivered* when, before the drain ends, the client gets an entry of that
//   book whose `seq` is at least the change's (its view then holds that change or a newer
//   state: conflation merges changes, it must not lose them);
// - *entry latency* (the goal's) = receive time − the entry's `ts`, the source time of the
//   latest change it includes, over every entry whose `ts` is in the window;
// - *change delay* = receive time of the first entry delivering a change − the change's
//   `ts`: how stale a client's book may be, throttle included.
// Both latencies contain the throttle's own hold: a change that comes less than 100 ms
// after the previous entry waits for the window to end. The *throttle floor* is what a
// server with no processing or transport delay would score, computed from the same
// changes; the report puts it beside every measured p99.
import { clientSpecs, connectClients } from '../lib/measure.mjs';
import { Feeder } from '../lib/feed.mjs';
import { Histogram } from '../lib/histogram.mjs';
import { LoadClients } from '../lib/load-clients.mjs';
import { cpuSeconds, machineBusySeconds, rssBytes, sleep, waitFor, waitUntilQuiet } from '../lib/proc.mjs';
import { fmt } from '../lib/report.mjs';
import { startSubject } from '../lib/subjects.mjs';
import { runnable } from '../lib/subject-runs.mjs';
import { sweepChart } from '../lib/svg.mjs';

const P99_LIMIT_MS = 100;
const MIN_DELIVERED_PCT = 99;
/** A step whose feeder reached less than this share of the offered rate measures the feeder. */
const MIN_FED_SHARE = 0.95;
const DEPTH = 10;
const THROTTLE_MS = 100;
/** Capacity criterion: every change within its throttle window plus the ticker's 100 ms budget. */
const DELAY_LIMIT_MS = THROTTLE_MS + P99_LIMIT_MS;

/** @param {boolean} quick @param {number} symbols */
function plan(quick, symbols) {
  return {
    clients: 1000,
    booksPerClient: 5,
    books: symbols,
    depth: DEPTH,
    throttleMs: THROTTLE_MS,
    rates: quick ? [500, 1000, 2000, 4000] : [250, 500, 1000, 2000, 3000, 4000, 6000, 8000, 12_000, 16_000],
    /** Unmeasured feed at the first rate before the sweep (JIT of broker, feeder and service). */
    openingFeedMs: quick ? 3000 : 5000,
    warmupMs: quick ? 2000 : 3000,
    measureMs: quick ? 4000 : 8000,
    drainMs: 2000,
    tickRate: 10,
    p99LimitMs: P99_LIMIT_MS,
    changeDelayLimitMs: DELAY_LIMIT_MS,
    minDeliveredPct: MIN_DELIVERED_PCT,
  };
}

/**
 * @typedef {object} BookStep
 * @property {number} rate              offered book records/s
 * @property {number} fedRate           book records/s the feeder achieved in the window
 * @property {number} snapshotRecords   of those, snapshot records (every Nth of a book)
 * @property {number} changesPerS       records that changed a book's depth-10 view, per s
 * @property {number} owed              changes owed to the clients (Σ clients × their books)
 * @property {number} delivered         of those, delivered before the drain ended
 * @property {number} deliveredPct
 * @property {number} entriesPerS       book entries with `ts` in the window received, per s
 * @property {{samples: number, p50: number, p99: number, p999: number, max: number}} latency   entry latency, ms
 * @property {{samples: number, p50: number, p99: number, p999: number, max: number}} changeDelay  ms
 * @property {{ latencyP99: number, changeDelayP99: number }} floor  the throttle alone, ms
 * @property {number} warnings          SLOW_CONSUMER warnings in the window
 * @property {Record<string, number>} closes
 * @property {number} openConnections
 * @property {number} frames
 * @property {number} serverCpuPct
 * @property {number} serverRssMB
 * @property {number} clientCpuPct
 * @property {number} feederCpuPct
 * @property {number | undefined} kafkaCpuPct
 * @property {number} othersCpuPct
 * @property {{ avg: number, max: number }} produceMs
 * @property {Record<string, number> | undefined} counters  tickstream's /metrics (book and loop lines)
 * @property {boolean} goal             entry p99 ≤ 100 ms and ≥ 99 % delivered
 * @property {boolean} capacity         change delay p99 ≤ throttle + 100 ms and ≥ 99 % delivered
 */

/** @param {BookStep} r */
const goalHeld = (r) => r.latency.p99 <= P99_LIMIT_MS && r.deliveredPct >= MIN_DELIVERED_PCT;
/** @param {BookStep} r */
const capacityHeld = (r) => r.changeDelay.p99 <= DELAY_LIMIT_MS && r.deliveredPct >= MIN_DELIVERED_PCT;

/**
 * What a server with no delay at all would score under the throttle: per book, the
 * changes in order; the first one goes at once, one that comes within `throttleMs` of the
 * last entry waits for the window to end and goes with every change up to then. Each
 * book counts once per subscriber. (The phase of a real route also depends on what came
 * before the window; this starts every book fresh.)
 * @param {Record<string, number[]>} changes  per symbol `seq, ts, …`
 * @param {Map<string, number>} subscribers   per symbol
 * @param {number} throttleMs
 */
export function throttleFloor(changes, subscribers, throttleMs) {
  const latency = new Histogram();
  const delay = new Histogram();
  for (const [symbol, list] of Object.entries(changes)) {
    const n = subscribers.get(symbol) ?? 0;
    if (n === 0) continue;
    let last = -Infinity;
    let i = 1;
    while (i < list.length) {
      const ts = list[i];
      if (ts >= last + throttleMs) {
        last = ts;
        latency.record(0, n);
        delay.record(0, n);
        i += 2;
        continue;
      }
      const due = last + throttleMs;
      let latest = ts;
      for (; i < list.length && list[i] <= due; i += 2) {
        latest = list[i];
        delay.record(due - list[i], n);
      }
      latency.record(due - latest, n);
      last = due;
    }
  }
  return { latencyP99: latency.quantile(0.99), changeDelayP99: delay.quantile(0.99) };
}

/**
 * tickstream's book-related and event-loop lines of /metrics (cumulative).
 * @param {number} port
 * @returns {Promise<Record<string, number> | undefined>}
 */
async function bookCounters(port) {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
    /** @type {Record<string, number>} */
    const out = {};
    for (const line of text.split('\n')) {
      const m = /^tickstream_(\w+)(\{[^}]*\})?\s+(\S+)$/.exec(line);
      if (!m) continue;
      const [, name, labels = '', value] = m;
      const wanted =
        name.startsWith('book') ||
        labels.includes('channel="book"') ||
        /^(ingest_paused|ingest_pauses_total|nodejs_eventloop_lag_p99_seconds|nodejs_eventloop_lag_max_seconds|slow_consumer\w*)$/.test(name);
      if (wanted) out[`${name}${labels}`] = Number(value);
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * @typedef {{ subject: import('../lib/subjects.mjs').Subject, feeder: Feeder, clients: LoadClients, brokerPid?: number }} BookEnv
 */

/**
 * Feeds at `rate`, measures one window, stops the feed and waits until the service and
 * its clients are quiet again.
 * @param {BookEnv} env
 * @param {{ rate: number, warmupMs: number, measureMs: number, drainMs: number, subscribers: Map<string, number> }} p
 *   subscribers: per book, how many client specs hold it (the changes each is owed)
 * @returns {Promise<BookStep>}
 */
async function measureBookWindow({ subject, feeder, clients, brokerPid }, { rate, warmupMs, measureMs, drainMs, subscribers }) {
  const brokerCpu = () => (brokerPid === undefined ? 0 : cpuSeconds(brokerPid));
  await feeder.setRate(rate);
  try {
    const t0 = Date.now() + warmupMs;
    const t1 = t0 + measureMs;
    await feeder.window(t0, t1);
    await clients.window(t0, t1);
    await sleep(t0 - Date.now());
    const cpu0 = cpuSeconds(subject.pid);
    const client0 = clients.cpuSeconds();
    const feeder0 = feeder.cpuSeconds();
    const kafka0 = brokerCpu();
    const busy0 = machineBusySeconds();
    await sleep(t1 - Date.now());
    const busyS = machineBusySeconds() - busy0;
    const serverCpuS = cpuSeconds(subject.pid) - cpu0;
    const clientCpuS = clients.cpuSeconds() - client0;
    const feederCpuS = feeder.cpuSeconds() - feeder0;
    const kafkaCpuS = brokerCpu() - kafka0;
    const serverRssMB = rssBytes(subject.pid) / 2 ** 20;
    const counters = await bookCounters(subject.port);
    await sleep(drainMs);
    const fed = await feeder.reportBook();
    const got = await clients.report(fed.changes);
    const book = got.book;
    if (!book) throw new Error('load clients sent no book report');
    // Owed to every client spec, connected or not: a client that failed to connect, or
    // was closed, misses its changes.
    let owed = 0;
    let changes = 0;
    for (const [symbol, list] of Object.entries(fed.changes)) {
      owed += (list.length / 2) * (subscribers.get(symbol) ?? 0);
      changes += list.length / 2;
    }
    const seconds = measureMs / 1000;
    const floor = throttleFloor(fed.changes, subscribers, THROTTLE_MS);
    const step = {
      rate,
      fedRate: fed.records / seconds,
      snapshotRecords: fed.snapshots,
      changesPerS: changes / seconds,
      owed,
      delivered: book.covered,
      deliveredPct: owed ? (100 * book.covered) / owed : 0,
      entriesPerS: got.delivered / seconds,
      latency: got.latency,
      changeDelay: book.delay,
      floor,
      warnings: book.warnings,
      closes: got.closes,
      openConnections: got.open,
      frames: got.frames,
      serverCpuPct: (100 * serverCpuS) / seconds,
      serverRssMB,
      clientCpuPct: (100 * clientCpuS) / seconds,
      feederCpuPct: (100 * feederCpuS) / seconds,
      kafkaCpuPct: brokerPid === undefined ? undefined : (100 * kafkaCpuS) / seconds,
      othersCpuPct: (100 * (busyS - serverCpuS - clientCpuS - feederCpuS - kafkaCpuS)) / seconds,
      produceMs: { avg: fed.avgSendMs, max: fed.maxSendMs },
      counters,
      goal: false,
      capacity: false,
    };
    step.goal = goalHeld(step);
    step.capacity = capacityHeld(step);
    return step;
  } finally {
    await feeder.setRate(0);
    await waitUntilQuiet(() => cpuSeconds(subject.pid) + clients.cpuSeconds());
  }
}

/**
 * @param {import('../lib/measure.mjs').Ctx} ctx
 * @param {{ quick: boolean, subjects: import('../lib/subjects.mjs').SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function book(ctx, { quick, subjects }) {
  const p = plan(quick, ctx.symbols);
  const withoutBook = subjects.filter((s) => s !== 'tickstream');
  const { names, notes } = runnable(subjects.includes('tickstream') ? ['tickstream'] : [], ctx);
  if (withoutBook.length > 0) {
    const why = `${withoutBook.join(', ')} not run: no book channel (the baselines serve tickers only), so tickstream runs alone and no ratio is taken`;
    notes.push(why);
    ctx.log(`  ${why}`);
  }
  /** @type {BookStep[]} */
  const steps = [];
  const goal = { highest: 0, stop: '' };
  const capacity = { highest: 0, stop: '' };
  /** @type {Record<string, unknown>} */
  const setup = {};
  // What run.mjs writes if the scenario throws before its report.
  if (ctx.partial) ctx.partial.data = { tickstream: { steps, goal, capacity, setup } };
  if (names.includes('tickstream')) {
    const stamp = Date.now();
    const ticksTopic = `bench-book-ticks-${stamp}`;
    const bookTopic = `bench-book-book-${stamp}`;
    /** @type {Array<() => Promise<void>>} */
    const teardown = [];
    try {
      const feeder = await Feeder.startBook({
        brokers: ctx.brokers,
        ticksTopic,
        bookTopic,
        symbols: ctx.symbols,
        seed: 42,
        depth: DEPTH,
        tickRate: p.tickRate,
      });
      teardown.push(() => feeder.stop());
      const subject = await startSubject('tickstream', {
        brokers: ctx.brokers,
        topic: ticksTopic,
        cpuProfDir: ctx.cpuProfDir,
        env: { KAFKA_BOOK_TOPICS: bookTopic, KAFKA_TRADE_TOPICS: '', ...ctx.tickstreamEnv },
      });
      teardown.push(() => subject.stop());
      await subject.waitSymbols(feeder.symbols.length);
      // Every book has its opening snapshot before anyone subscribes.
      const pending = new Set(feeder.symbols);
      await waitFor(
        async () => {
          for (const symbol of [...pending]) {
            const res = await fetch(`http://127.0.0.1:${subject.port}/v1/book/${encodeURIComponent(symbol)}`);
            await res.arrayBuffer();
            if (res.ok) pending.delete(symbol);
          }
          return pending.size === 0;
        },
        60_000,
        `${feeder.symbols.length} books known to tickstream`,
      );
      const clients = new LoadClients(ctx.loadProcesses);
      teardown.push(() => clients.close());
      const env = { subject, feeder, clients, brokerPid: ctx.brokerPid };
      const specs = clientSpecs(feeder.symbols, p.clients, p.booksPerClient);
      /** @type {Map<string, number>} */
      const subscribers = new Map();
      for (const spec of specs) for (const s of spec.symbols) subscribers.set(s, (subscribers.get(s) ?? 0) + 1);
      const connected = await connectClients(env, specs, ctx.log, { channel: 'book', depth: DEPTH, throttleMs: THROTTLE_MS });
      Object.assign(setup, { ticksTopic, bookTopic, snapshotEvery: feeder.snapshotEvery, connected: connected.ok, connectMs: connected.ms });
      ctx.log(`  book feeder: snapshot record every ${feeder.snapshotEvery} deltas of a book; ticks at ${p.tickRate}/s`);
      // The first window after start-up would pay for the JIT of broker, feeder and service.
      ctx.log(`  unmeasured warm-up: ${p.openingFeedMs / 1000} s at ${p.rates[0]}/s`);
      await feeder.setRate(p.rates[0]);
      await sleep(p.openingFeedMs);
      await feeder.setRate(0);
      await waitUntilQuiet(() => cpuSeconds(subject.pid) + clients.cpuSeconds());

      for (const rate of p.rates) {
        if (goal.stop && capacity.stop) break;
        const window = { rate, warmupMs: p.warmupMs, measureMs: p.measureMs, drainMs: p.drainMs, subscribers };
        /** @param {BookStep} r */
        const failsTracked = (r) => (!goal.stop && !r.goal) || (!capacity.stop && !r.capacity);
        try {
          let r = await measureBookWindow(env, window);
          if (failsTracked(r) && r.fedRate >= MIN_FED_SHARE * rate) {
            // One retry: on a shared 2-core machine a single window can be disturbed.
            ctx.log(`  @ ${rate}/s: not held (entry p99 ${r.latency.p99} ms, change delay p99 ${r.changeDelay.p99} ms, ${fmt(r.deliveredPct, 2)}% delivered, other CPU ${fmt(r.othersCpuPct)}%), retrying once`);
            steps.push(r);
            r = await measureBookWindow(env, window);
          }
          steps.push(r);
          ctx.log(
            `  @ ${rate}/s: fed ${fmt(r.fedRate)}/s, ${fmt(r.changesPerS)} changes/s, ${fmt(r.deliveredPct, 2)}% delivered, ${fmt(r.entriesPerS)} entries/s, ` +
              `entry p50/p99 ${r.latency.p50}/${r.latency.p99} ms (floor ${r.floor.latencyP99}), change delay p99 ${r.changeDelay.p99} ms (floor ${r.floor.changeDelayP99}), ` +
              `server ${fmt(r.serverCpuPct)}% CPU, clients ${fmt(r.clientCpuPct)}%, feeder ${fmt(r.feederCpuPct)}%, Kafka ${fmt(r.kafkaCpuPct)}%, other ${fmt(r.othersCpuPct)}%`,
          );
          if (r.fedRate < MIN_FED_SHARE * rate) {
            const why = `feeder reached only ${fmt(r.fedRate)} of ${rate} book events/s`;
            if (!goal.stop) {
              goal.stop = why;
              if (r.goal) goal.highest = r.fedRate;
            }
            if (!capacity.stop) {
              capacity.stop = why;
              if (r.capacity) capacity.highest = r.fedRate;
            }
            break;
          }
          if (!goal.stop) {
            if (r.goal) goal.highest = rate;
            else goal.stop = `entry p99 ${r.latency.p99} ms, ${fmt(r.deliveredPct, 2)}% delivered at ${rate}/s`;
          }
          if (!capacity.stop) {
            if (r.capacity) capacity.highest = rate;
            else capacity.stop = `change delay p99 ${r.changeDelay.p99} ms, ${fmt(r.deliveredPct, 2)}% delivered at ${rate}/s`;
          }
        } catch (error) {
          const why = `failed at ${rate}/s: ${String(error).slice(0, 200)}`;
          if (!goal.stop) goal.stop = why;
          if (!capacity.stop) capacity.stop = why;
          ctx.log(`  tickstream: FAILED ${String(error)}`);
          break;
        }
      }
    } catch (error) {
      notes.push(`tickstream failed to start: ${String(error).slice(0, 300)}`);
      ctx.log(`  tickstream: could not start: ${String(error)}`);
    } finally {
      for (const step of teardown.reverse()) await step().catch(() => {});
    }
  }
  if (!goal.stop) goal.stop = 'all steps held';
  if (!capacity.stop) capacity.stop = 'all steps held';

  const rows = steps.map((r, i) => {
    const retried = steps[i + 1]?.rate === r.rate;
    return [
      `${fmt(r.rate)}${retried ? ' (retried)' : ''}`,
      fmt(r.fedRate),
      fmt(r.changesPerS),
      fmt(r.deliveredPct, 2),
      fmt(r.entriesPerS),
      `${r.latency.p50} / ${r.latency.p99} / ${r.latency.p999}`,
      r.floor.latencyP99,
      `${r.changeDelay.p50} / ${r.changeDelay.p99}`,
      r.floor.changeDelayP99,
      fmt(r.serverCpuPct),
      `${fmt(r.clientCpuPct)} / ${fmt(r.feederCpuPct)} / ${fmt(r.kafkaCpuPct)} / ${fmt(r.othersCpuPct)}`,
      r.goal ? 'held' : 'not held',
      r.capacity ? 'held' : 'not held',
    ];
  });
  const ran = steps.length > 0;
  return {
    title: `book: highest book events/s held with entry p99 ≤ ${P99_LIMIT_MS} ms and ≥ ${MIN_DELIVERED_PCT}% of changes delivered (1,000 clients × 5 of ${p.books} books, depth ${DEPTH}, throttle ${THROTTLE_MS} ms; tickstream only)`,
    params: { ...p, ...setup },
    headers: [
      'book events/s offered',
      'fed/s',
      'view changes/s',
      'changes delivered %',
      'entries/s',
      'entry latency p50 / p99 / p99.9 ms',
      'throttle floor p99 ms',
      'change delay p50 / p99 ms',
      'floor p99 ms',
      'server CPU %',
      'CPU % clients / feeder / Kafka / other',
      `goal (p99 ≤ ${P99_LIMIT_MS})`,
      `capacity (delay p99 ≤ ${DELAY_LIMIT_MS})`,
    ],
    rows,
    verdicts: [],
    notes: [
      ran
        ? `**Goal** (entry latency p99 ≤ ${P99_LIMIT_MS} ms, ≥ ${MIN_DELIVERED_PCT}% of changes delivered): highest rate held ${goal.highest ? `**${fmt(goal.highest)} book events/s**` : '**none**'}; stopped by ${goal.stop}.`
        : 'tickstream did not run.',
      ...(ran
        ? [
            `**Capacity** (change delay p99 ≤ throttle + ${P99_LIMIT_MS} = ${DELAY_LIMIT_MS} ms, ≥ ${MIN_DELIVERED_PCT}% delivered): highest rate held ${capacity.highest ? `**${fmt(capacity.highest)} book events/s**` : '**none**'}; stopped by ${capacity.stop}. The sweep goes on while either still holds.`,
          ]
        : []),
      ...notes,
      `A book event is one book record on the book topic (a delta, or every ${String(setup.snapshotEvery ?? '25')}th of a book a snapshot of its whole book, 120 levels a side), produced by the project's simulator at that rate over ${p.books} books chosen at random, key = symbol, with the feeder's record encoder; the ticks topic gets every symbol's opening tick and then ${p.tickRate} ticks/s (no client subscribes to tickers); KAFKA_TRADE_TOPICS is empty. Fresh topics, 3 partitions.`,
      `A *change* is a record that changed the best ${DEPTH} levels of a side (price or quantity), decided by the feeder from the records alone (bench/lib/book-view.mjs): only those produce entries. Each client is owed each change of each of its books with \`ts\` in the window; it is *delivered* when an entry of that book with \`seq\` ≥ the change's arrives before the ${p.drainMs / 1000} s drain ends (conflation may merge changes, not lose them). Clients that failed to connect or were closed miss theirs.`,
      `*Entry latency* (the goal's) = receive time − entry \`ts\` (the source time of the latest change it includes), over the entries whose \`ts\` is in the window. *Change delay* = receive time of the first entry delivering a change − the change's \`ts\`, over delivered changes. Both include Kafka and the throttle's own hold.`,
      `*Throttle floor*: the p99 a server with no processing or transport delay would score on the same changes under a ${THROTTLE_MS} ms throttle (first change at once, later ones held to the end of the window, each book fresh at the window's start). A change that comes soon after the previous entry waits up to ${THROTTLE_MS} ms by contract, so the entry-latency goal leaves only the gap between the floor and ${P99_LIMIT_MS} ms to Kafka, the service and the client.`,
      `Before the first step the feed runs ${p.openingFeedMs / 1000} s unmeasured at ${fmt(p.rates[0])}/s (the first window after start-up pays for the JIT of broker, feeder and service); after every window the harness waits until the service and its clients are idle (< 15% of a core for 1 s, at most 30 s).`,
      'A step not held on a criterion still tracked is measured once more (both windows are rows, the first marked retried, and in the JSON file).',
      `Server counters (book records applied/gaps, conflated entries, event-loop lag) and every figure per step are in the JSON file.`,
    ],
    data: { tickstream: { steps, goal, capacity } },
    svg: ran
      ? sweepChart(
          'book sweep (tickstream, 1,000 clients × 5 books, depth 10, throttle 100 ms)',
          [
            { name: 'entries: entries/s, entry latency p99', points: steps.map((s) => ({ x: s.rate, y1: s.entriesPerS, y2: s.latency.p99 })) },
            { name: 'changes: delivered/s, change delay p99', points: steps.map((s) => ({ x: s.rate, y1: s.delivered / (p.measureMs / 1000), y2: s.changeDelay.p99 })) },
          ],
          { x: 'offered book events/s', y1: 'per second', y2: 'p99 ms (log)' },
        )
      : undefined,
  };
}
