// The globals k6 gives scripts: __ENV (environment and -e variables), __VU and __ITER.
// Node's own globals (process, Buffer, fetch ...) stay visible: k6 has none of them, so a script
// that uses one passes here and fails in k6.
import { currentIteration, currentVu } from './vu-context.mjs';

/** @param {Record<string, string>} env */
export function installK6Globals(env) {
  Object.defineProperty(globalThis, '__ENV', { value: env, writable: true, configurable: true });
  Object.defineProperty(globalThis, '__VU', {
    get: () => currentVu()?.idInTest ?? 0,
    configurable: true,
  });
  Object.defineProperty(globalThis, '__ITER', {
    get: () => currentIteration()?.counters.iterationInInstance ?? 0,
    configurable: true,
  });
}
