// Waiting helpers for the executors (Node timers outside any VU: they never hold an iteration).
/* global AbortController */ // a Node global, not in the repo's ESLint globals list
import { setTimeout as wait } from 'node:timers/promises';
import { setImmediate } from 'node:timers';

/** Resolves after `ms`. */
export function delay(ms) {
  return wait(Math.max(0, ms));
}

/** Resolves at epoch ms `at` (at once if it is past). */
export function delayUntil(at) {
  return delay(at - Date.now());
}

/**
 * Lets timers and I/O run between two iterations of a VU: an iteration with nothing pending
 * ends within microtasks, and back-to-back ones would otherwise starve the event loop.
 */
export function yieldToEventLoop() {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * True when `promise` settles within `ms`, false otherwise (the timer is cleared either way).
 * @param {Promise<unknown>} promise
 * @param {number} ms
 */
export async function settlesWithin(promise, ms) {
  const timeout = new AbortController();
  const expired = wait(ms, false, { signal: timeout.signal }).catch(() => false);
  const settled = promise.then(() => true);
  const finished = await Promise.race([settled, expired]);
  timeout.abort();
  return finished;
}

/**
 * k6's gracefulStop: waits up to `graceMs` for the VU loops to end, then interrupts the
 * iterations still running and waits for the loops to notice.
 * @param {Promise<unknown>[]} loops
 * @param {{ current?: { interrupt(): void } }[]} vus
 * @param {number} graceMs
 */
export async function stopGracefully(loops, vus, graceMs) {
  const all = Promise.all(loops);
  if (!(await settlesWithin(all, graceMs))) {
    for (const vu of vus) vu.current?.interrupt();
  }
  await all;
}
