// @ts-check
// `reference`: 1,000 clients × 20 of 500 symbols, 2,000 ticks/s through Kafka, throttle 0.
// `slow`: the same with 10% of the clients stalled (never reading), measured right after
// a reference window of the same subject: the fast clients' p99 against that reference.
// Subjects run side by side (idle until their turn) and are measured in rounds,
// round-robin, so a disturbance of the shared machine falls on all of them alike.
import { clientSpecs, connectClients, measureWindow, withSubjects } from '../lib/measure.mjs';
import { fmt, ratio } from '../lib/report.mjs';
import { runnable } from '../lib/subject-runs.mjs';

/** @typedef {import('../lib/measure.mjs').Ctx} Ctx */
/** @typedef {import('../lib/measure.mjs').WindowResult} WindowResult */
/** @typedef {import('../lib/measure.mjs').SubjectEnv} SubjectEnv */
/** @typedef {import('../lib/subjects.mjs').SubjectName} SubjectName */

/** @param {boolean} quick */
export function referencePlan(quick) {
  return {
    clients: 1000,
    symbolsPerClient: 20,
    symbols: 500,
    rate: 2000,
    rounds: quick ? 1 : 3,
    warmupMs: quick ? 3000 : 5000,
    measureMs: quick ? 8000 : 20_000,
    drainMs: 5000,
  };
}

/**
 * Connects a client set, measures one window, drops the clients.
 * @param {SubjectEnv} env
 * @param {Ctx} ctx
 * @param {ReturnType<typeof referencePlan>} plan
 * @param {number} stalledShare
 * @param {string} label
 */
async function window(env, ctx, plan, stalledShare, label) {
  // Stalled clients take every symbol (~2,000 updates/s, ~0.4 MB/s): with 20 symbols
  // (~17 KB/s) the loopback socket buffers absorb more than a window's backlog and the
  // server never sees a slow consumer.
  const specs = clientSpecs(env.feeder.symbols, plan.clients, plan.symbolsPerClient, stalledShare, 7, true);
  await connectClients(env, specs, ctx.log);
  try {
    const r = await measureWindow(env, { ...plan, specs, idleAfter: true });
    if (r.counters) ctx.log(`  ${env.subject.name} counters: ${JSON.stringify(r.counters)}`);
    ctx.log(
      `  ${label}: ${fmt(r.deliveredPct, 2)}% delivered, ${fmt(r.updatesPerS)} updates/s, ` +
        `p50/p99/p99.9 ${r.latency.p50}/${r.latency.p99}/${r.latency.p999} ms, server ${fmt(r.serverCpuPct)}% CPU, ` +
        `${fmt(r.serverRssMB)} MB, clients ${fmt(r.clientCpuPct)}%, feeder ${fmt(r.feederCpuPct)}%, ` +
        `Kafka ${fmt(r.kafkaCpuPct)}%, other ${fmt(r.othersCpuPct)}%, produce avg/max ${fmt(r.produceMs.avg)}/${r.produceMs.max} ms, kernel TCP buffers max ${fmt(r.tcpBufferMaxMB)} MB`,
    );
    return r;
  } finally {
    await env.clients.drop();
  }
}

/**
 * One short unmeasured window per subject before the rounds. The first window after
 * start-up pays for JIT warm-up of the broker, the feeder and the subject (seconds of
 * latency for whoever goes first); without this, the first subject's first round
 * measures that, not the subject.
 * @param {Map<SubjectName, SubjectEnv>} envs
 * @param {Ctx} ctx
 * @param {ReturnType<typeof referencePlan>} plan
 */
async function warmUp(envs, ctx, plan) {
  const short = { ...plan, warmupMs: 2000, measureMs: 3000, drainMs: 1000 };
  for (const [name, env] of envs) {
    await window(env, ctx, short, 0, `${name} warm-up (not counted)`).catch((error) => ctx.log(`  ${name} warm-up failed: ${String(error)}`));
  }
}

/**
 * Starts the subjects together, warms each up, then measures them round-robin for
 * `plan.rounds` rounds; a failed measurement becomes a note, not a failed run.
 * @template R
 * @param {SubjectName[]} names
 * @param {Ctx} ctx
 * @param {ReturnType<typeof referencePlan>} plan
 * @param {string[]} notes
 * @param {(env: SubjectEnv, label: string) => Promise<R>} measure
 * @returns {Promise<Record<string, R[]>>}
 */
async function inRounds(names, ctx, plan, notes, measure) {
  /** @type {Record<string, R[]>} */
  const results = {};
  await withSubjects(names, ctx, async (envs, failed) => {
    for (const [name, why] of failed) notes.push(`${name} failed to start: ${why}`);
    await warmUp(envs, ctx, plan);
    for (let round = 1; round <= plan.rounds; round++) {
      for (const [name, env] of envs) {
        try {
          (results[name] ??= []).push(await measure(env, `${name} round ${round}`));
        } catch (error) {
          notes.push(`${name} round ${round} failed: ${String(error).slice(0, 300)}`);
          ctx.log(`  ${name}: FAILED ${String(error)}`);
        }
      }
    }
  });
  return results;
}

/**
 * The round whose p99 is the median of the subject's rounds.
 * @param {WindowResult[]} rounds
 */
export function medianRound(rounds) {
  const sorted = [...rounds].sort((a, b) => a.latency.p99 - b.latency.p99);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** @param {WindowResult} r */
function cells(r) {
  return [
    `${fmt(r.deliveredPct, 2)}%`,
    fmt(r.updatesPerS),
    r.latency.p50,
    r.latency.p99,
    r.latency.p999,
    fmt(r.serverCpuPct),
    fmt(r.cpuSPerMillion, 2),
    fmt(r.serverRssMB),
    fmt(r.clientCpuPct),
    fmt(r.kafkaCpuPct),
    fmt(r.othersCpuPct),
    `${fmt(r.produceMs.avg)} / ${r.produceMs.max}`,
  ];
}

const HEADERS = [
  'subject', 'delivered', 'updates/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'server CPU %',
  'CPU-s / M updates', 'server RSS MB', 'client CPU %', 'Kafka CPU %', 'other CPU %', 'produce ms avg / max',
];
const CPU_NOTE =
  'CPU % is of one core (the machine has 2: 200% = all). "Kafka CPU %" is the local broker; "other CPU %" is everything outside the server, its load clients, its feeder and Kafka: the idle subjects and any other work on the machine; a high value marks a disturbed window. "produce ms" is the feeder\'s send → broker-ack round trip in the window: when it grows, ticks reach Kafka late and every subject\'s latency includes it.';

/**
 * @param {Ctx} ctx
 * @param {{ quick: boolean, subjects: SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function reference(ctx, { quick, subjects }) {
  const plan = referencePlan(quick);
  const { names, notes } = runnable(subjects, ctx);
  const results = await inRounds(names, ctx, plan, notes, (env, label) => window(env, ctx, plan, 0, label));
  /** @type {Record<string, WindowResult>} */
  const median = {};
  for (const [name, rounds] of Object.entries(results)) median[name] = medianRound(rounds);
  const ts = median.tickstream;
  const raw = median['raw-ws'];
  const tsAll = results.tickstream ?? [];
  const tsExpected = tsAll.reduce((s, r) => s + r.expected, 0);
  const tsDelivered = tsAll.reduce((s, r) => s + r.delivered, 0);
  const rows = Object.entries(median).map(([name, r]) => [
    name,
    ...cells(r),
    (results[name] ?? []).map((x) => x.latency.p99).join(' / '),
    name === 'tickstream' ? '' : `p99 ${ratio(ts?.latency.p99, r.latency.p99)}, CPU/M ${ratio(ts?.cpuSPerMillion, r.cpuSPerMillion)}`,
  ]);
  return {
    title: 'reference: 1,000 clients × 20 of 500 symbols, 2,000 ticks/s via Kafka, throttle 0',
    params: plan,
    headers: [...HEADERS, 'p99 per round', 'tickstream ÷ subject'],
    rows,
    verdicts: [
      {
        goal: 'tickstream delivers 100% of expected updates',
        measured: tsAll.length ? `${fmt(tsDelivered)} of ${fmt(tsExpected)} over ${tsAll.length} round(s) (${fmt((100 * tsDelivered) / tsExpected, 3)}%)` : 'not run',
        pass: tsAll.length ? tsDelivered >= tsExpected : null,
      },
      {
        goal: 'tickstream p99 ≤ 1.5 × raw ws p99',
        measured: ts && raw ? `${ts.latency.p99} ms vs ${raw.latency.p99} ms (${ratio(ts.latency.p99, raw.latency.p99)})` : 'not run',
        pass: ts && raw ? ts.latency.p99 <= 1.5 * raw.latency.p99 : null,
      },
    ],
    notes: [
      ...notes,
      `Each row is the subject's median round by p99 (${plan.rounds} round(s), subjects interleaved round-robin, after one unmeasured 3 s warm-up window each; after every window the harness waits until the subject and its clients are idle).`,
      "Latency = client receive time − the ticker's `ts` (set by the feeder when it produced the tick), so it includes Kafka produce and fetch; 1 ms resolution.",
      'Expected = Σ over clients of the ticks of their symbols whose `ts` lies in the window (counted by the feeder); delivered = tickers with such a `ts` received before the drain ended.',
      CPU_NOTE,
    ],
    data: results,
  };
}

/**
 * @param {Ctx} ctx
 * @param {{ quick: boolean, subjects: SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function slow(ctx, { quick, subjects }) {
  const plan = { ...referencePlan(quick), rounds: quick ? 1 : 2 };
  // In a full run the stalled clients outlive the grace period (10 s) inside the window.
  if (!quick) plan.measureMs = 25_000;
  const { names, notes } = runnable(subjects, ctx);
  const results = await inRounds(names, ctx, plan, notes, async (env, label) => ({
    reference: await window(env, ctx, plan, 0, `${label} reference`),
    slow: await window(env, ctx, plan, 0.1, `${label} 10% stalled`),
  }));
  /** @type {Record<string, { reference: WindowResult, slow: WindowResult }>} */
  const median = {};
  for (const [name, rounds] of Object.entries(results)) {
    const sorted = [...rounds].sort((a, b) => a.slow.latency.p99 / a.reference.latency.p99 - b.slow.latency.p99 / b.reference.latency.p99);
    // With an even number of rounds, the worse of the middle two: a verdict must not rest on the luckier round.
    median[name] = sorted[Math.ceil((sorted.length - 1) / 2)];
  }
  const rows = Object.entries(median).map(([name, r]) => [
    name,
    r.reference.latency.p99,
    r.slow.latency.p99,
    ratio(r.slow.latency.p99, r.reference.latency.p99),
    `${fmt(r.slow.deliveredPct, 2)}%`,
    r.slow.latency.p999,
    fmt(r.slow.serverRssMB),
    r.slow.counters ? `warnings ${r.slow.counters.slow_consumer_warnings_total - (r.reference.counters?.slow_consumer_warnings_total ?? 0)}, closes ${r.slow.counters.slow_consumer_closes_total - (r.reference.counters?.slow_consumer_closes_total ?? 0)}, lagging now ${r.slow.counters.lagging_sessions}` : '–',
    fmt(r.slow.serverCpuPct),
    JSON.stringify(r.slow.closes),
    fmt(r.slow.othersCpuPct),
    fmt(r.slow.tcpBufferMaxMB),
    (results[name] ?? []).map((x) => ratio(x.slow.latency.p99, x.reference.latency.p99)).join(' / '),
  ]);
  const ts = median.tickstream;
  return {
    title: 'slow: reference with 10% stalled clients (fast clients measured)',
    params: { ...plan, stalledShare: 0.1 },
    headers: ['subject', 'reference p99 ms', 'slow: fast p99 ms', 'slow ÷ reference', 'fast delivered', 'fast p99.9 ms', 'server RSS MB', 'slow-consumer policy (server counters)', 'server CPU %', 'fast clients closed (code: n)', 'other CPU %', 'kernel TCP buffers max MB', 'slow ÷ reference per round'],
    rows,
    verdicts: [
      {
        goal: 'tickstream fast clients p99 ≤ 1.2 × its reference p99',
        measured: ts ? `${ts.slow.latency.p99} ms vs ${ts.reference.latency.p99} ms (${ratio(ts.slow.latency.p99, ts.reference.latency.p99)})` : 'not run',
        pass: ts ? ts.slow.latency.p99 <= 1.2 * ts.reference.latency.p99 : null,
      },
    ],
    notes: [
      ...notes,
      `Each row is the subject's median round by slow ÷ reference — with an even number of rounds the worse of the middle two — (${plan.rounds} round(s), after one unmeasured 3 s warm-up window each); each round is a reference window and a stalled window of the same subject, back to back.`,
      'Stalled clients (10%) subscribe to all 500 symbols and stop reading right after subscribing (socket paused), so their backlog (~0.4 MB/s each) fills the loopback socket buffers and then the server\'s; with the reference 20 symbols (~17 KB/s) the kernel buffers absorb more than a whole window and no policy engages. Fast clients keep the reference subscriptions.',
      'A stalled client reads nothing, so it cannot see its own close: the server counters (tickstream /metrics) show the policy at work.',
      CPU_NOTE,
    ],
    data: results,
  };
}
