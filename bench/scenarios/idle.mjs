// @ts-check
// `idle`: connections that only complete the handshake (no subscription), added in
// steps; the server's RSS growth per connection and its idle CPU at each step.
import { measureServerIdle } from '../lib/idle-steps.mjs';
import { compareVerdict, fmt, ratio, safeReport } from '../lib/report.mjs';
import { eachSubject } from '../lib/subject-runs.mjs';

/**
 * The process file-descriptor limit here is 20,000 (hard) and cannot be raised (no
 * CAP_SYS_RESOURCE), so the server cannot hold 20,000 sockets: the last step is 19,500.
 */
const FULL_STEPS = [1000, 5000, 10_000, 19_500];

/** @typedef {{ connections: number, connected: number, rssMB: number, kbPerConnection: number, cpuPct: number }} IdleStep */

/**
 * @param {import('../lib/measure.mjs').Ctx} ctx
 * @param {{ quick: boolean, subjects: import('../lib/subjects.mjs').SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function idle(ctx, { quick, subjects }) {
  const steps = quick ? [1000, 5000] : FULL_STEPS;
  /** @type {Record<string, { rss0MB: number, steps: IdleStep[] }>} */
  const measured = {};
  if (ctx.partial) ctx.partial.data = measured;
  const { results, notes, outcomes } = await eachSubject(subjects, ctx, (name) => measureServerIdle(name, ctx, steps), measured);
  const top = steps[steps.length - 1];
  const title = 'idle: memory per idle connection (handshake done, no subscription)';
  const params = { steps, baselineRss: 'server RSS after start-up, before any connection', settleMs: 3000 };
  return safeReport({ title, params, notes, data: results }, () => {
    /** @param {string} name @param {number} connections */
    const stepOf = (name, connections) => results[name]?.steps.find((x) => x.connections === connections);
    const headers = ['subject', 'connections', 'open', 'server RSS MB', 'KiB / connection', 'server CPU % (idle)', 'tickstream ÷ subject', 'subject ÷ centrifugo'];
    /** @type {(string | number)[][]} */
    const rows = [];
    for (const row of outcomes.rows(results, (name) => [name], headers.length)) {
      const name = String(row[0]);
      const r = results[name];
      if (!r) {
        rows.push(row);
        continue;
      }
      if (r.steps.length === 0) rows.push([name, 'failed: no step measured', ...Array(headers.length - 2).fill('')]);
      for (const s of r.steps) {
        const tsStep = stepOf('tickstream', s.connections);
        const cfStep = stepOf('centrifugo', s.connections);
        rows.push([
          name,
          fmt(s.connections),
          fmt(s.connected),
          fmt(s.rssMB),
          fmt(s.kbPerConnection, 1),
          fmt(s.cpuPct, 1),
          name === 'tickstream' ? '' : tsStep ? `KiB ${ratio(tsStep.kbPerConnection, s.kbPerConnection)}, CPU ${ratio(tsStep.cpuPct, s.cpuPct)}` : '–',
          name === 'centrifugo' ? '' : cfStep ? `KiB ${ratio(s.kbPerConnection, cfStep.kbPerConnection)}, CPU ${ratio(s.cpuPct, cfStep.cpuPct)}` : '–',
        ]);
      }
    }
    /** Why a subject has no top-step figure. @param {string} name */
    const why = (name) => {
      const r = results[name];
      if (!r) return outcomes.reason(name);
      const last = r.steps.at(-1);
      return `reached only ${fmt(last?.connected ?? 0)} of ${fmt(top)} connections`;
    };
    return {
      title,
      params,
      headers,
      rows,
      verdicts: [
        compareVerdict({
          goal: `tickstream memory per connection ≤ 1.3 × raw-ws at the top step (${fmt(top)})`,
          peer: 'raw-ws',
          factor: 1.3,
          value: (name) => stepOf(name, top)?.kbPerConnection,
          why,
          unit: 'KiB',
          digits: 1,
        }),
        compareVerdict({
          goal: `tickstream idle CPU ≤ 2 × raw-ws at the top step (${fmt(top)})`,
          peer: 'raw-ws',
          factor: 2,
          value: (name) => stepOf(name, top)?.cpuPct,
          why,
          unit: '% of a core',
          digits: 1,
        }),
      ],
      notes: [
        ...notes,
        'KiB / connection = (RSS at the step − RSS before the first connection) / connections; RSS includes heap not yet collected, so it is what the OS has to provide.',
        'Server CPU % (idle) = the server\'s CPU over 3 s at the step, after 3 s of settling (pings, timers, GC of the connection set); % of one core.',
        quick
          ? 'Quick run: 1k and 5k steps only (the verdicts take the 5k step).'
          : 'The 20k step is 19,500: RLIMIT_NOFILE is 20,000 (hard) on this machine and `ulimit -n` cannot raise it (Operation not permitted), and the server needs one descriptor per socket plus its own.',
      ],
      data: results,
    };
  });
}
