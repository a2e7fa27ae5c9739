// Which VU (and which iteration of it) is running. k6 gives every VU its own JS runtime; here all
// VUs share one Node process, so the double's k6 modules (shared by all VUs) look the caller up:
// VU code runs inside AsyncLocalStorage.run(iteration), which follows timers, socket events and
// promise continuations; init code (module evaluation) runs while `initializingVu` is set.
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage();
/** The VU whose module graph is being evaluated; VUs are initialized one at a time. */
let initializingVu;

/**
 * Runs `fn` as code of `iteration` (VU code, as opposed to init code).
 * @template T
 * @param {import('./iteration.mjs').Iteration} iteration
 * @param {() => T} fn
 * @returns {T}
 */
export function runInIteration(iteration, fn) {
  return storage.run(iteration, fn);
}

/**
 * Evaluates a VU's init code: `load` imports its copy of the script.
 * @template T
 * @param {object} vu
 * @param {() => Promise<T>} load
 * @returns {Promise<T>}
 */
export async function runInit(vu, load) {
  initializingVu = vu;
  try {
    return await load();
  } finally {
    initializingVu = undefined;
  }
}

/** The running iteration, or `undefined` in init code. */
export function currentIteration() {
  return storage.getStore();
}

/** The VU running the caller (init or VU code), or `undefined` outside any VU. */
export function currentVu() {
  return storage.getStore()?.vu ?? initializingVu;
}

/** True while init code (module evaluation of a VU) runs. */
export function inInitContext() {
  return storage.getStore() === undefined && initializingVu !== undefined;
}

/**
 * The running iteration; throws, as k6 does, when `api` is used in init code.
 * @param {string} api
 */
export function requireIteration(api) {
  const iteration = storage.getStore();
  if (iteration === undefined) throw new Error(`${api} is not supported in the init context`);
  return iteration;
}
