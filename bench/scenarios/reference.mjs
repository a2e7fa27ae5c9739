// @ts-check
// `reference`: 1,000 clients × 20 of 500 symbols, 2,000 ticks/s through Kafka, throttle 0.
// `slow`: the same with 10% of the clients stalled (never reading), measured right after
// a reference window of the same subject: the fast clients' p99 against that reference,
// and the kernel TCP memory the stalled clients pin, against tickstream's window.
// Subjects run side by side (idle until their turn) and are measured in rounds,
// round-robin, so a disturbance of the shared machine falls on all of them alike.
import { clientSpecs, connectClients, measureWindow, withSubjects } from '../lib/measure.mjs';
import { compareVerdict, fmt, ratio, safeReport } from '../lib/report.mjs';
import { Outcomes, oneLine, runnable, statusRow } from '../lib/subject-runs.mjs';

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
  try {
    await connectClients(env, specs, ctx.log);
    const r = await measureWindow(env, { ...plan, specs, idleAfter: true });
    if (r.counters) ctx.log(`  ${env.subject.name} counters: ${JSON.stringify(r.counters)}`);
    ctx.log(
      `  ${label}: ${fmt(r.deliveredPct, 2)}% delivered, ${fmt(r.duplicates)} duplicates${r.foreign ? `, ${fmt(r.foreign)} FOREIGN` : ''}, ${fmt(r.updatesPerS)} updates/s, ` +
        `p50/p99/p99.9 ${r.latency.p50}/${r.latency.p99}/${r.latency.p999} ms, server ${fmt(r.serverCpuPct)}% CPU, ` +
        `${fmt(r.serverRssMB)} MB, clients ${fmt(r.clientCpuPct)}%, feeder ${fmt(r.feederCpuPct)}%, ` +
        `Kafka ${fmt(r.kafkaCpuPct)}%, other ${fmt(r.othersCpuPct)}%, produce avg/max ${fmt(r.produceMs.avg)}/${r.produceMs.max} ms, ` +
        `kernel TCP buffers max/mean/end ${fmt(r.tcpBufferMaxMB)}/${fmt(r.tcpBufferMeanMB)}/${fmt(r.tcpBufferEndMB)} MB`,
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
 * measures that, not the subject. A failed warm-up is a note; the rounds still run.
 * @param {Map<SubjectName, SubjectEnv>} envs
 * @param {Ctx} ctx
 * @param {ReturnType<typeof referencePlan>} plan
 * @param {string[]} notes
 */
async function warmUp(envs, ctx, plan, notes) {
  const short = { ...plan, warmupMs: 2000, measureMs: 3000, drainMs: 1000 };
  for (const [name, env] of envs) {
    await window(env, ctx, short, 0, `${name} warm-up (not counted)`).catch((error) => {
      notes.push(`${name} warm-up failed (its rounds were still run): ${oneLine(String(error))}`);
      ctx.log(`  ${name} warm-up failed: ${String(error)}`);
    });
  }
}

/**
 * Starts the subjects together, warms each up, then measures them round-robin for
 * `plan.rounds` rounds into `results` (subject → its measured rounds). A subject that
 * fails to start, or whose every round fails, is a "failed: …" outcome; a failed round
 * is a note.
 * @template R
 * @param {SubjectName[]} names
 * @param {Ctx} ctx
 * @param {ReturnType<typeof referencePlan>} plan
 * @param {string[]} notes
 * @param {Outcomes} outcomes
 * @param {Record<string, R[]>} results
 * @param {(env: SubjectEnv, label: string) => Promise<R>} measure
 */
async function inRounds(names, ctx, plan, notes, outcomes, results, measure) {
  await withSubjects(names, ctx, async (envs, failed) => {
    for (const [name, why] of failed) {
      notes.push(`${name} failed to start: ${why}`);
      outcomes.failed(name, `could not start: ${why}`);
    }
    await warmUp(envs, ctx, plan, notes);
    /** @type {Map<string, string[]>} */
    const errors = new Map();
    for (let round = 1; round <= plan.rounds; round++) {
      for (const [name, env] of envs) {
        try {
          const r = await measure(env, `${name} round ${round}`);
          (results[name] ??= []).push(r);
        } catch (error) {
          notes.push(`${name} round ${round} failed: ${oneLine(String(error))}`);
          errors.set(name, [...(errors.get(name) ?? []), `round ${round}: ${oneLine(String(error)).slice(0, 200)}`]);
          ctx.log(`  ${name}: FAILED ${String(error)}`);
        }
      }
    }
    for (const name of envs.keys()) {
      if (!results[name]?.length) outcomes.failed(name, (errors.get(name) ?? ['no round measured']).join('; '));
    }
  });
}

/**
 * The round whose p99 is the median of the subject's rounds; undefined without rounds.
 * @param {WindowResult[]} rounds
 * @returns {WindowResult | undefined}
 */
export function medianRound(rounds) {
  const sorted = [...rounds].sort((a, b) => a.latency.p99 - b.latency.p99);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** "n (x.xx%)" of the expected updates, or "0". @param {WindowResult} r */
function duplicatesCell(r) {
  if (!r.duplicates) return '0';
  return `${fmt(r.duplicates)} (${fmt((100 * r.duplicates) / (r.expected || 1), 2)}%)`;
}

/** @param {WindowResult} r */
function cells(r) {
  return [
    `${fmt(r.deliveredPct, 2)}%`,
    duplicatesCell(r),
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
  'subject', 'delivered', 'duplicates', 'updates/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'server CPU %',
  'CPU-s / M updates', 'server RSS MB', 'client CPU %', 'Kafka CPU %', 'other CPU %', 'produce ms avg / max',
];
const CPU_NOTE =
  'CPU % is of one core (the machine has 2: 200% = all). "Kafka CPU %" is the local broker; "other CPU %" is everything outside the server, its load clients, its feeder and Kafka: the idle subjects and any other work on the machine; a high value marks a disturbed window. "produce ms" is the feeder\'s send → broker-ack round trip in the window: when it grows, ticks reach Kafka late and every subject\'s latency includes it.';
const DUPLICATES_NOTE =
  'Delivered counts each update once: an update a client receives again (same client, symbol and `seq` — the ticker\'s own for tickstream/raw-ws/socket.io, the feeder\'s per-symbol `seq` that Centrifugo passes through) is counted under "duplicates" (% of expected), not delivered, and its latency is not sampled. Only updates whose `ts` lies in the window count, so another window\'s or another subject\'s ticks cannot.';

/**
 * Notes on windows that saw updates of symbols their clients did not subscribe to
 * (should never happen: each subject has its own topic, server and clients).
 * @param {Record<string, WindowResult[]>} windows
 */
function foreignNotes(windows) {
  return Object.entries(windows)
    .filter(([, rounds]) => rounds.some((r) => r.foreign > 0))
    .map(([name, rounds]) => `${name}: ${rounds.map((r) => fmt(r.foreign)).join(' / ')} updates of symbols the clients had not subscribed to (not counted) — check the harness.`);
}

/**
 * @param {Ctx} ctx
 * @param {{ quick: boolean, subjects: SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function reference(ctx, { quick, subjects }) {
  const plan = referencePlan(quick);
  const outcomes = new Outcomes(subjects);
  const { names, notes } = runnable(subjects, ctx, outcomes);
  /** @type {Record<string, WindowResult[]>} */
  const results = {};
  if (ctx.partial) ctx.partial.data = results;
  await inRounds(names, ctx, plan, notes, outcomes, results, (env, label) => window(env, ctx, plan, 0, label));
  const title = 'reference: 1,000 clients × 20 of 500 symbols, 2,000 ticks/s via Kafka, throttle 0';
  return safeReport({ title, params: plan, notes, data: results }, () => {
    /** @type {Record<string, WindowResult>} */
    const median = {};
    for (const [name, rounds] of Object.entries(results)) {
      const m = medianRound(rounds);
      if (m) median[name] = m;
    }
    const ts = median.tickstream;
    const cf = median.centrifugo;
    const tsAll = results.tickstream ?? [];
    const tsExpected = tsAll.reduce((s, r) => s + r.expected, 0);
    const tsDelivered = tsAll.reduce((s, r) => s + r.delivered, 0);
    const tsDuplicates = tsAll.reduce((s, r) => s + r.duplicates, 0);
    const headers = [...HEADERS, 'p99 per round', 'tickstream ÷ subject', 'subject ÷ centrifugo'];
    const rows = outcomes.rows(
      median,
      (name, r) => [
        name,
        ...cells(r),
        (results[name] ?? []).map((x) => x.latency.p99).join(' / '),
        name === 'tickstream' ? '' : ts ? `p99 ${ratio(ts.latency.p99, r.latency.p99)}, CPU/M ${ratio(ts.cpuSPerMillion, r.cpuSPerMillion)}` : '–',
        name === 'centrifugo' ? '' : cf ? `p99 ${ratio(r.latency.p99, cf.latency.p99)}, CPU/M ${ratio(r.cpuSPerMillion, cf.cpuSPerMillion)}` : '–',
      ],
      headers.length,
    );
    const p99 = (/** @type {string} */ name) => median[name]?.latency.p99;
    return {
      title,
      params: plan,
      headers,
      rows,
      verdicts: [
        {
          goal: 'tickstream delivers 100% of expected updates',
          measured: tsAll.length
            ? `${fmt(tsDelivered)} of ${fmt(tsExpected)} over ${tsAll.length} round(s) (${fmt((100 * tsDelivered) / tsExpected, 3)}%)${tsDuplicates ? `; ${fmt(tsDuplicates)} duplicates` : ''}`
            : `not run: tickstream ${outcomes.reason('tickstream').replace(/^not run: /, '')}`,
          pass: tsAll.length ? tsDelivered >= tsExpected : null,
        },
        compareVerdict({ goal: 'tickstream p99 ≤ 1.0 × raw-ws p99 (the floor)', peer: 'raw-ws', factor: 1, value: p99, why: (n) => outcomes.reason(n), unit: 'ms' }),
        compareVerdict({ goal: 'tickstream p99 ≤ 2 × centrifugo p99', peer: 'centrifugo', factor: 2, value: p99, why: (n) => outcomes.reason(n), unit: 'ms' }),
      ],
      notes: [
        ...notes,
        `Each row is the subject's median round by p99 (${plan.rounds} round(s), subjects interleaved round-robin, after one unmeasured 3 s warm-up window each; after every window the harness waits until the subject and its clients are idle).`,
        "Latency = client receive time − the ticker's `ts` (set by the feeder when it produced the tick), so it includes Kafka produce and fetch; 1 ms resolution.",
        'Expected = Σ over clients of the ticks of their symbols whose `ts` lies in the window (counted by the feeder); delivered = tickers with such a `ts` received before the drain ended.',
        DUPLICATES_NOTE,
        ...foreignNotes(results),
        CPU_NOTE,
      ],
      data: results,
    };
  });
}

/**
 * tickstream's slow-consumer window (bytes): SLOW_CONSUMER_WINDOW_BYTES from --env, else
 * the service's default, 1 MiB.
 * @param {Ctx} ctx
 */
export function slowConsumerWindowBytes(ctx) {
  const given = Number(ctx.tickstreamEnv?.SLOW_CONSUMER_WINDOW_BYTES);
  return Number.isFinite(given) && given > 0 ? given : 1_048_576;
}

/**
 * @typedef {object} SlowRound
 * @property {WindowResult} reference
 * @property {WindowResult} slow
 * @property {{ stalledClients: number, meanBytesPerStalled: number, endBytesPerStalled: number }} tcp
 *   kernel TCP memory (sockstat `TCP: mem`) of the stalled window minus the reference
 *   window's, per stalled client: mean over the window and at its end
 */

/**
 * @param {WindowResult} reference
 * @param {WindowResult} slow
 * @returns {SlowRound['tcp']}
 */
function tcpPerStalled(reference, slow) {
  const n = Math.max(1, slow.stalledClients);
  return {
    stalledClients: slow.stalledClients,
    meanBytesPerStalled: ((slow.tcpBufferMeanMB - reference.tcpBufferMeanMB) * 1e6) / n,
    endBytesPerStalled: ((slow.tcpBufferEndMB - reference.tcpBufferEndMB) * 1e6) / n,
  };
}

/** @param {SlowRound} r */
const slowRatio = (r) => r.slow.latency.p99 / r.reference.latency.p99;

/**
 * tickstream's slow-consumer counters over the stalled window, when the subject has them.
 * @param {SlowRound} r
 */
function policyCell(r) {
  const c = r.slow.counters;
  if (!c || c.slow_consumer_closes_total === undefined) return '–';
  const before = r.reference.counters ?? {};
  return `warnings ${c.slow_consumer_warnings_total - (before.slow_consumer_warnings_total ?? 0)}, closes ${c.slow_consumer_closes_total - (before.slow_consumer_closes_total ?? 0)}, lagging now ${c.lagging_sessions}`;
}

/**
 * @param {Ctx} ctx
 * @param {{ quick: boolean, subjects: SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function slow(ctx, { quick, subjects }) {
  const plan = { ...referencePlan(quick), rounds: quick ? 1 : 4 };
  // In a full run the stalled clients outlive the grace period (10 s) inside the window.
  if (!quick) plan.measureMs = 25_000;
  const windowBytes = slowConsumerWindowBytes(ctx);
  const outcomes = new Outcomes(subjects);
  const { names, notes } = runnable(subjects, ctx, outcomes);
  /** @type {Record<string, SlowRound[]>} */
  const results = {};
  /** @type {Record<string, { label: string, reference?: WindowResult, error: string }[]>} rounds whose stalled window failed */
  const failedRounds = {};
  const data = { rounds: results, failedRounds, windowBytes };
  if (ctx.partial) ctx.partial.data = data;
  await inRounds(names, ctx, plan, notes, outcomes, results, async (env, label) => {
    const reference = await window(env, ctx, plan, 0, `${label} reference`);
    try {
      const slowWindow = await window(env, ctx, plan, 0.1, `${label} 10% stalled`);
      /** @type {SlowRound} */
      const round = { reference, slow: slowWindow, tcp: tcpPerStalled(reference, slowWindow) };
      ctx.log(`  ${label}: kernel TCP memory per stalled client, mean ${fmt(round.tcp.meanBytesPerStalled / 1024)} KiB, end ${fmt(round.tcp.endBytesPerStalled / 1024)} KiB (window ${fmt(windowBytes / 1024)} KiB)`);
      return round;
    } catch (error) {
      (failedRounds[env.subject.name] ??= []).push({ label, reference, error: String(error) });
      throw new Error(`stalled window: ${String(error)}`);
    }
  });
  const title = 'slow: reference with 10% stalled clients (fast clients measured)';
  const params = { ...plan, stalledShare: 0.1, slowConsumerWindowBytes: windowBytes };
  return safeReport({ title, params, notes, data }, () => {
    /** @type {Record<string, SlowRound>} */
    const median = {};
    for (const [name, rounds] of Object.entries(results)) {
      const sorted = [...rounds].sort((a, b) => slowRatio(a) - slowRatio(b));
      // With an even number of rounds, the worse of the middle two: a verdict must not rest on the luckier round.
      const m = sorted[Math.ceil((sorted.length - 1) / 2)];
      if (m) median[name] = m;
    }
    const cf = median.centrifugo;
    const headers = [
      'subject', 'reference p99 ms', 'slow: fast p99 ms', 'slow ÷ reference', 'fast delivered', 'duplicates', 'fast p99.9 ms',
      'kernel TCP per stalled client (end of window)', 'server RSS MB', 'slow-consumer policy (server counters)', 'server CPU %',
      'fast clients closed (code: n)', 'other CPU %', 'kernel TCP buffers max MB', 'slow ÷ reference per round', 'slow ÷ reference vs centrifugo\'s',
    ];
    const rows = outcomes.rows(
      median,
      (name, r) => [
        name,
        r.reference.latency.p99,
        r.slow.latency.p99,
        ratio(r.slow.latency.p99, r.reference.latency.p99),
        `${fmt(r.slow.deliveredPct, 2)}%`,
        duplicatesCell(r.slow),
        r.slow.latency.p999,
        `${fmt(r.tcp.endBytesPerStalled / 1024)} KiB (${ratio(r.tcp.endBytesPerStalled, windowBytes)} window)`,
        fmt(r.slow.serverRssMB),
        policyCell(r),
        fmt(r.slow.serverCpuPct),
        JSON.stringify(r.slow.closes),
        fmt(r.slow.othersCpuPct),
        fmt(r.slow.tcpBufferMaxMB),
        (results[name] ?? []).map((x) => ratio(x.slow.latency.p99, x.reference.latency.p99)).join(' / '),
        name === 'centrifugo' ? '' : ratio(slowRatio(r), cf ? slowRatio(cf) : undefined),
      ],
      headers.length,
    );
    // A subject whose stalled windows all failed still shows its reference p99.
    const shown = rows.map((row) => {
      const name = String(row[0]);
      const ref = median[name] ? undefined : failedRounds[name]?.find((f) => f.reference)?.reference;
      return ref ? [name, ref.latency.p99, ...statusRow(name, outcomes.reason(name), headers.length - 1).slice(1)] : row;
    });
    const why = (/** @type {string} */ n) => outcomes.reason(n);
    const ratioOf = (/** @type {string} */ n) => (median[n] ? slowRatio(median[n]) : undefined);
    const ts = median.tickstream;
    const tsRounds = results.tickstream ?? [];
    const worstTcp = tsRounds.length ? Math.max(...tsRounds.map((r) => r.tcp.endBytesPerStalled)) : undefined;
    return {
      title,
      params,
      headers,
      rows: shown,
      verdicts: [
        {
          goal: 'tickstream fast clients p99 ≤ 1.2 × its reference p99',
          measured: ts ? `${ts.slow.latency.p99} ms vs ${ts.reference.latency.p99} ms (${ratio(ts.slow.latency.p99, ts.reference.latency.p99)})` : `not run: tickstream ${why('tickstream').replace(/^not run: /, '')}`,
          pass: ts ? ts.slow.latency.p99 <= 1.2 * ts.reference.latency.p99 : null,
        },
        compareVerdict({ goal: "tickstream slow ÷ reference below raw-ws's", peer: 'raw-ws', factor: 1, value: ratioOf, why, digits: 2, strict: true }),
        compareVerdict({ goal: "tickstream slow ÷ reference below centrifugo's", peer: 'centrifugo', factor: 1, value: ratioOf, why, digits: 2, strict: true }),
        {
          goal: `kernel TCP memory per stalled client ≤ 2 × tickstream's window (${fmt(windowBytes / 1024)} KiB), every round`,
          measured:
            worstTcp === undefined
              ? `not run: tickstream ${why('tickstream').replace(/^not run: /, '')}`
              : `${fmt(worstTcp / 1024)} KiB at the end of the worst of ${tsRounds.length} round(s) (${ratio(worstTcp, windowBytes)} window)`,
          pass: worstTcp === undefined ? null : worstTcp <= 2 * windowBytes,
        },
      ],
      notes: [
        ...notes,
        `Each row is the subject's median round by slow ÷ reference — with an even number of rounds the worse of the middle two — (${plan.rounds} round(s), after one unmeasured 3 s warm-up window each); each round is a reference window and a stalled window of the same subject, back to back.`,
        'Stalled clients (10%) subscribe to all 500 symbols and stop reading right after subscribing (socket paused), so their backlog (~0.4 MB/s each) fills the loopback socket buffers and then the server\'s; with the reference 20 symbols (~17 KB/s) the kernel buffers absorb more than a whole window and no policy engages. Fast clients keep the reference subscriptions.',
        'A stalled client reads nothing, so it cannot see its own close: the server counters (tickstream /metrics) show the policy at work.',
        `Kernel TCP per stalled client = (sockstat "TCP: mem" at the end of the stalled window − the same at the end of that round's reference window) ÷ stalled clients; the mean over each window (sampled every second) is in the JSON (\`tcp.meanBytesPerStalled\`). Machine-wide: it includes every socket on the machine, Kafka's too, which the subtraction of the reference window mostly cancels. The goal compares it with tickstream's SLOW_CONSUMER_WINDOW_BYTES (${fmt(windowBytes)} bytes).`,
        "The last column is the subject's slow ÷ reference divided by centrifugo's (below 1: the subject's fast clients suffer less from the stalled ones).",
        DUPLICATES_NOTE,
        ...foreignNotes(Object.fromEntries(Object.entries(results).map(([n, rounds]) => [n, rounds.flatMap((r) => [r.reference, r.slow])]))),
        CPU_NOTE,
      ],
      data,
    };
  });
}
