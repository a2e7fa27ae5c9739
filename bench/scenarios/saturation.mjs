// @ts-check
// `saturation`: the reference clients, ticks/s raised step by step on one running
// subject until p99 passes 100 ms (or delivery falls below 99%, or the feeder itself
// cannot keep the rate); the highest rate held is the subject's figure.
import { clientSpecs, connectClients, measureWindow, withSubjects } from '../lib/measure.mjs';
import { Outcomes, oneLine, runnable } from '../lib/subject-runs.mjs';
import { compareVerdict, fmt, ratio, safeReport } from '../lib/report.mjs';
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
  /** @type {Record<string, { steps: WindowResult[], highest: number, stop: string, failed?: boolean }>} */
  const results = {};
  if (ctx.partial) ctx.partial.data = results;
  const outcomes = new Outcomes(subjects);
  const { names, notes } = runnable(subjects, ctx, outcomes);
  await withSubjects(names, ctx, async (envs, failed) => {
    for (const [name, why] of failed) {
      notes.push(`${name} failed to start: ${why}`);
      outcomes.failed(name, `could not start: ${why}`);
    }
    /** @type {Map<string, import('../lib/load-clients.mjs').ClientSpec[]>} */
    const specsOf = new Map();
    for (const [name, env] of envs) {
      const specs = clientSpecs(env.feeder.symbols, p.clients, p.symbolsPerClient);
      try {
        await connectClients(env, specs, ctx.log);
      } catch (error) {
        notes.push(`${name} failed to connect its clients: ${oneLine(String(error))}`);
        outcomes.failed(name, `connecting clients: ${String(error)}`);
        ctx.log(`  ${name}: FAILED ${String(error)}`);
        continue;
      }
      specsOf.set(name, specs);
      results[name] = { steps: [], highest: 0, stop: 'all steps held' };
    }
    // Rate by rate, every subject still holding is measured in turn (interleaved).
    for (const rate of p.rates) {
      for (const [name, env] of envs) {
        const mine = results[name];
        if (!mine || mine.stop !== 'all steps held') continue;
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
            `  ${name} @ ${rate}/s: fed ${fmt(r.fedRate)}/s, ${fmt(r.deliveredPct, 2)}% delivered, ${fmt(r.duplicates)} duplicates, ${fmt(r.updatesPerS)} updates/s, ` +
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
          // The sweep ended by an error, not by a measured limit: its highest rate is no figure.
          mine.stop = `error at ${rate}/s: ${oneLine(String(error)).slice(0, 200)}`;
          mine.failed = true;
          outcomes.failed(name, mine.stop);
          notes.push(`${name}: ${mine.stop}`);
          ctx.log(`  ${name}: FAILED ${String(error)}`);
        }
      }
    }
  });
  const title = `saturation: highest ticks/s held with p99 ≤ ${P99_LIMIT_MS} ms (1,000 clients × 20 of 500 symbols, throttle 0)`;
  return safeReport({ title, params: p, notes, data: results }, () => {
    /** A subject's figure: its highest rate held, unless its sweep ended by an error. @param {string} name */
    const highest = (name) => (results[name] && !results[name].failed ? results[name].highest : undefined);
    const headers = ['subject', 'highest ticks/s held', 'updates/s there', 'p99 ms there', 'duplicates there', 'CPU-s / M updates there', 'stopped by', 'tickstream ÷ subject', 'subject ÷ centrifugo'];
    const rows = outcomes.rows(
      // a sweep that failed before holding any step is a "failed" row
      Object.fromEntries(Object.entries(results).filter(([, r]) => !(r.failed && r.highest === 0))),
      (name, r) => {
        const last = r.steps.filter((s) => held(s) && s.rate === r.highest).at(-1);
        return [
          name,
          `${fmt(r.highest)}${r.failed ? ' (sweep failed after)' : ''}`,
          last ? fmt(last.updatesPerS) : '–',
          last ? last.latency.p99 : '–',
          last ? fmt(last.duplicates) : '–',
          last ? fmt(last.cpuSPerMillion, 2) : '–',
          r.stop.replace(/\|/g, '\\|'),
          name === 'tickstream' ? '' : ratio(highest('tickstream'), highest(name)),
          name === 'centrifugo' ? '' : ratio(highest(name), highest('centrifugo')),
        ];
      },
      headers.length,
    );
    const why = (/** @type {string} */ n) => outcomes.reason(n);
    /** @param {string} peer @param {number} factor */
    const verdict = (peer, factor) =>
      compareVerdict({ goal: `tickstream highest ticks/s held ≥ ${factor} × ${peer}'s`, peer, factor, atLeast: true, value: highest, why, unit: 'ticks/s' });
    return {
      title,
      params: p,
      headers,
      rows,
      verdicts: [verdict('raw-ws', 1.5), verdict('centrifugo', 1.0), verdict('socket.io', 2.0)],
      notes: [
        ...notes,
        'Subjects run side by side (idle until their turn); at each rate every subject still holding is measured in turn.',
        'A step that is not held is measured once more before the sweep stops (both windows are in the JSON file).',
        `A step is held when p99 ≤ ${P99_LIMIT_MS} ms and ≥ ${MIN_DELIVERED_PCT}% of the expected updates arrive (each counted once; repeats are under "duplicates"); the sweep stops at the first step that is not.`,
        'A sweep that ends by an error (not a measured limit) gives no figure for the verdicts ("not run: … failed").',
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
  });
}
