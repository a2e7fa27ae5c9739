// @ts-check
// `idle`: connections that only complete the handshake (no subscription), added in
// steps; the server's RSS growth per connection at each step.
import { measureServerIdle } from '../lib/idle-steps.mjs';
import { fmt, ratio } from '../lib/report.mjs';
import { eachSubject } from '../lib/subject-runs.mjs';

/**
 * The process file-descriptor limit here is 20,000 (hard) and cannot be raised (no
 * CAP_SYS_RESOURCE), so the server cannot hold 20,000 sockets: the last step is 19,500.
 */
const FULL_STEPS = [1000, 5000, 10_000, 19_500];

/**
 * @param {import('../lib/measure.mjs').Ctx} ctx
 * @param {{ quick: boolean, subjects: import('../lib/subjects.mjs').SubjectName[] }} options
 * @returns {Promise<import('../lib/report.mjs').ScenarioReport>}
 */
export async function idle(ctx, { quick, subjects }) {
  const steps = quick ? [1000, 5000] : FULL_STEPS;
  const { results, notes } = await eachSubject(subjects, ctx, (name) => measureServerIdle(name, ctx, steps));
  const ts = results.tickstream;
  const raw = results['raw-ws'];
  const rows = [];
  for (const [name, r] of Object.entries(results)) {
    for (const s of r.steps) {
      const tsStep = ts?.steps.find((/** @type {{connections: number}} */ x) => x.connections === s.connections);
      rows.push([
        name,
        fmt(s.connections),
        fmt(s.connected),
        fmt(s.rssMB),
        fmt(s.kbPerConnection, 1),
        fmt(s.cpuPct, 1),
        name === 'tickstream' ? '' : ratio(tsStep?.kbPerConnection, s.kbPerConnection),
      ]);
    }
  }
  const top = steps.at(-1);
  const tsTop = ts?.steps.find((/** @type {{connections: number}} */ s) => s.connections === top);
  const rawTop = raw?.steps.find((/** @type {{connections: number}} */ s) => s.connections === top);
  return {
    title: 'idle: memory per idle connection (handshake done, no subscription)',
    params: { steps, baselineRss: 'server RSS after start-up, before any connection', settleMs: 3000 },
    headers: ['subject', 'connections', 'open', 'server RSS MB', 'KiB / connection', 'server CPU % (idle)', 'tickstream ÷ subject'],
    rows,
    verdicts: [
      {
        goal: `tickstream memory per connection ≤ 1.5 × raw ws (at ${fmt(top ?? 0)})`,
        measured: tsTop && rawTop ? `${fmt(tsTop.kbPerConnection, 1)} vs ${fmt(rawTop.kbPerConnection, 1)} KiB (${ratio(tsTop.kbPerConnection, rawTop.kbPerConnection)})` : 'not run',
        pass: tsTop && rawTop ? tsTop.kbPerConnection <= 1.5 * rawTop.kbPerConnection : null,
      },
    ],
    notes: [
      ...notes,
      'KiB / connection = (RSS at the step − RSS before the first connection) / connections; RSS includes heap not yet collected, so it is what the OS has to provide.',
      quick ? 'Quick run: 1k and 5k steps only.' : 'The 20k step is 19,500: RLIMIT_NOFILE is 20,000 (hard) on this machine and `ulimit -n` cannot raise it (Operation not permitted), and the server needs one descriptor per socket plus its own.',
    ],
    data: results,
  };
}
