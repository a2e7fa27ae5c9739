// @ts-check
// `saturation`: the reference clients, ticks/s raised step by step on one running
// subject until p99 passes 100 ms (or delivery falls below 99%, or the feeder itself
// cannot keep the rate); the highest rate held is the subject's figure.
import { clientSpecs, connectClients, measureWindow, withSubjects } from '../lib/measure.mjs';
import { runnable } from '../lib/subject-runs.mjs';
import { fmt, ratio } from '../lib/report.mjs';
import { sweepChart } from '../lib/svg.mjs';

/** @typedef {import('../lib/measure.mjs').WindowResult} WindowResult */

const P99_LIMIT_MS = 100;
const MIN_DELIVERED_PCT = 99;
/** A step whose feeder reached less than this share of the offered rate measures the feeder. */
const MIN_FED_SHARE = 0.95;

/** @param {boolean} quick */
function plan(quick) {
  return {
    clients: 1000,
    symbolsPerClient: 20,
    symbols: 500,
    rates: quick ? [500, 1000, 2000, 4000] : [250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 12_000, 16_000],
    warmupMs: quick ? 2000 : 3000,
    measureMs: quick ? 4000 : 8000,
    drainMs: 2000,
    p99LimitMs: P99_LIMIT_MS,
    minDeliveredPct: MIN_DELIVERED_PCT,
  };
}

/** @param {WindowResult} r */
export function held(r) {
  return r.latency.p99 <= P99_LIMIT_MS && r.deliveredPct >= MIN_DELIVERED_PCT;
}

/**
 * @param {import('../lib/measure.mjs').Ctx} ctx
 * @param {{ quick: boolean, subjects: import('../lib/subjects.mjs').SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function saturation(ctx, { quick, subjects }) {
  const p = plan(quick);
  /** @type {Record<string, { steps: WindowResult[], highest: number, stop: string }>} */
  const results = {};
  const { names, notes } = runnable(subjects, ctx);
  await withSubjects(names, ctx, async (envs, failed) => {
    for (const [name, why] of failed) notes.push(`${name} failed to start: ${why}`);
    /** @type {Map<string, import('../lib/load-clients.mjs').ClientSpec[]>} */
    const specsOf = new Map();
    for (const [name, env] of envs) {
      const specs = clientSpecs(env.feeder.symbols, p.clients, p.symbolsPerClient);
      await connectClients(env, specs, ctx.log);
      specsOf.set(name, specs);
      results[name] = { steps: [], highest: 0, stop: 'all steps held' };
    }
    // Rate by rate, every subject still holding is measured in turn (interleaved).
    for (const rate of p.rates) {
      for (const [name, env] of envs) {
        const mine = results[name];
        if (mine.stop !== 'all steps held') continue;
        const plan = { rate, warmupMs: p.warmupMs, measureMs: p.measureMs, drainMs: p.drainMs, specs: specsOf.get(name) ?? [], idleAfter: true };
        try {
          let r = await measureWindow(env, plan);
          if (!held(r) && r.fedRate >= MIN_FED_SHARE * rate) {
            // One retry: on a shared 2-core machine a single window can be disturbed.
            ctx.log(`  ${name} @ ${rate}/s: not held (p99 ${r.latency.p99} ms, other CPU ${fmt(r.othersCpuPct)}%), retrying once`);
            mine.steps.push(r);
            r = await measureWindow(env, plan);
          }
          mine.steps.push(r);
          ctx.log(
            `  ${name} @ ${rate}/s: fed ${fmt(r.fedRate)}/s, ${fmt(r.deliveredPct, 2)}% delivered, ${fmt(r.updatesPerS)} updates/s, ` +
              `p99 ${r.latency.p99} ms, server ${fmt(r.serverCpuPct)}% CPU, client ${fmt(r.clientCpuPct)}%, feeder ${fmt(r.feederCpuPct)}%, other ${fmt(r.othersCpuPct)}%`,
          );
          if (r.fedRate < MIN_FED_SHARE * rate) {
            mine.stop = `feeder reached only ${fmt(r.fedRate)} of ${rate} ticks/s`;
            if (held(r)) mine.highest = r.fedRate;
          } else if (!held(r)) {
            mine.stop = `p99 ${r.latency.p99} ms, ${fmt(r.deliveredPct, 2)}% delivered at ${rate}/s`;
          } else {
            mine.highest = rate;
          }
        } catch (error) {
          mine.stop = `failed at ${rate}/s: ${String(error).slice(0, 200)}`;
          ctx.log(`  ${name}: FAILED ${String(error)}`);
        }
      }
    }
  });
  const ts = results.tickstream;
  const rows = Object.entries(results).map(([name, r]) => {
    const last = r.steps.filter((s) => held(s) && s.rate === r.highest).at(-1);
    return [
      name,
      fmt(r.highest),
      last ? fmt(last.updatesPerS) : '–',
      last ? last.latency.p99 : '–',
      last ? fmt(last.cpuSPerMillion, 2) : '–',
      r.stop,
      name === 'tickstream' ? '' : ratio(ts?.highest, r.highest),
    ];
  });
  /** @param {string} peer @param {number} factor */
  const verdict = (peer, factor) => {
    const other = results[peer];
    return {
      goal: `tickstream saturation rate ≥ ${factor} × ${peer}`,
      measured: ts && other ? `${fmt(ts.highest)} vs ${fmt(other.highest)} ticks/s (${ratio(ts.highest, other.highest)})` : 'not run',
      pass: ts && other ? ts.highest >= factor * other.highest : null,
    };
  };
  return {
    title: `saturation: highest ticks/s held with p99 ≤ ${P99_LIMIT_MS} ms (1,000 clients × 20 of 500 symbols, throttle 0)`,
    params: p,
    headers: ['subject', 'highest ticks/s held', 'updates/s there', 'p99 ms there', 'CPU-s / M updates there', 'stopped by', 'tickstream ÷ subject'],
    rows,
    verdicts: [verdict('raw-ws', 1.0), verdict('centrifugo', 1.5), verdict('socket.io', 2.0)],
    notes: [
      ...notes,
      'Subjects run side by side (idle until their turn); at each rate every subject still holding is measured in turn.',
      'A step that is not held is measured once more before the sweep stops (both windows are in the JSON file).',
      `A step is held when p99 ≤ ${P99_LIMIT_MS} ms and ≥ ${MIN_DELIVERED_PCT}% of the expected updates arrive; the sweep stops at the first step that is not.`,
      'Every step of every subject is in the JSON file (fed rate, CPU of server, clients and feeder).',
    ],
    data: results,
    svg: sweepChart(
      'Saturation sweep',
      Object.entries(results).map(([name, r]) => ({
        name,
        points: r.steps.map((s) => ({ x: s.rate, y1: s.updatesPerS, y2: s.latency.p99 })),
      })),
      { x: 'offered ticks/s', y1: 'delivered updates/s', y2: 'p99 latency ms (log)' },
    ),
  };
}
