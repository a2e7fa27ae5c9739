// @ts-check
// Idle connections added in steps to one running subject; RSS and CPU at each step.
import { withSubject } from './measure.mjs';
import { cpuSeconds, rssBytes, sleep } from './proc.mjs';

const SETTLE_MS = 3000;

/**
 * @param {import('./subjects.mjs').SubjectName} name
 * @param {import('./measure.mjs').Ctx} ctx
 * @param {number[]} steps  cumulative connection counts
 */
export function measureServerIdle(name, ctx, steps) {
  return withSubject(name, ctx, async ({ subject, clients }) => {
    await sleep(2000);
    const rss0 = rssBytes(subject.pid);
    const out = [];
    let open = 0;
    for (const target of steps) {
      const specs = Array.from({ length: target - open }, () => ({ symbols: [], stalled: false }));
      const result = await clients.connect(subject.protocol, subject.url, specs, { concurrency: 100, timeoutMs: 30_000 });
      open += result.ok;
      if (result.failed) ctx.log(`  ${name}: ${result.failed} connects failed: ${JSON.stringify(result.errors)}`);
      await sleep(SETTLE_MS);
      const cpu0 = cpuSeconds(subject.pid);
      await sleep(SETTLE_MS);
      const cpuPct = ((cpuSeconds(subject.pid) - cpu0) * 100) / (SETTLE_MS / 1000);
      const rss = rssBytes(subject.pid);
      const step = {
        connections: target,
        connected: open,
        rssMB: rss / 2 ** 20,
        kbPerConnection: (rss - rss0) / 1024 / Math.max(open, 1),
        cpuPct,
      };
      ctx.log(`  ${name} @ ${target}: ${open} open, RSS ${step.rssMB.toFixed(0)} MB, ${step.kbPerConnection.toFixed(1)} KiB/conn, ${cpuPct.toFixed(1)}% CPU`);
      out.push(step);
      if (open < target * 0.99) break;
    }
    return { rss0MB: rss0 / 2 ** 20, steps: out };
  });
}
