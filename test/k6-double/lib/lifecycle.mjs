// setup() and teardown(): VU code of the init VU, with event-loop semantics and a timeout
// (setupTimeout / teardownTimeout, 60 s by default, as in k6).
import { Iteration } from './iteration.mjs';

/**
 * Runs the exported `name` function of VU 0, if the script has one.
 * @param {import('./vu-pool.mjs').Vu} vu
 * @param {'setup' | 'teardown'} name
 * @param {unknown[]} args
 * @param {number} timeoutMs
 * @returns {Promise<{ outcome: 'absent' | 'complete' | 'error' | 'timeout', value?: unknown, error?: unknown }>}
 */
export async function runLifecycle(vu, name, args, timeoutMs) {
  const fn = vu.module[name];
  if (typeof fn !== 'function') return { outcome: 'absent' };
  const iteration = new Iteration(vu, undefined, { iterationInInstance: 0 });
  const timer = setTimeout(() => iteration.interrupt(), timeoutMs);
  iteration.start(fn, args);
  const result = await iteration.done;
  clearTimeout(timer);
  return result.outcome === 'interrupted' ? { outcome: 'timeout' } : result;
}
