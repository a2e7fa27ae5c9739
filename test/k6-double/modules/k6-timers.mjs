// `k6/timers`: timers of the calling VU's event loop. A pending timer keeps the iteration alive,
// and its callback runs as code of that iteration; when the iteration ends first, it never fires.
import * as node from 'node:timers';
import { requireIteration } from '../lib/vu-context.mjs';

/**
 * @typedef {object} Timer
 * @property {import('../lib/iteration.mjs').Iteration} iteration
 * @property {{ cancel(): void }} handle
 * @property {NodeJS.Timeout} timer
 * @property {boolean} repeat
 */
/** @type {Map<number, Timer>} */
const timers = new Map();
let lastId = 0;

/**
 * Calls `callback(...args)` once after `delay` ms.
 * @returns {number} the timer id
 */
export function setTimeout(callback, delay = 0, ...args) {
  return schedule('setTimeout', callback, delay, args, false);
}

/**
 * Calls `callback(...args)` every `delay` ms until cleared.
 * @returns {number} the timer id
 */
export function setInterval(callback, delay = 0, ...args) {
  return schedule('setInterval', callback, delay, args, true);
}

/** Cancels a timeout. */
export function clearTimeout(id) {
  const entry = timers.get(id);
  if (entry === undefined) return;
  stop(id, entry);
  entry.iteration.release(entry.handle);
}

/** Cancels an interval. */
export function clearInterval(id) {
  clearTimeout(id);
}

function schedule(api, callback, delay, args, repeat) {
  const iteration = requireIteration(`${api}()`);
  if (typeof callback !== 'function') throw new TypeError(`${api}: the callback is not a function`);
  const id = ++lastId;
  if (!iteration.active) return id; // left behind by an ended iteration: never fires
  const ms = Math.max(0, Number(delay) || 0);
  const entry = { iteration, repeat, handle: undefined, timer: undefined };
  entry.handle = iteration.hold(() => stop(id, entry));
  const fire = () => {
    if (!repeat) timers.delete(id);
    iteration.dispatch(callback, args);
    if (!repeat) iteration.release(entry.handle);
  };
  entry.timer = repeat ? node.setInterval(fire, ms) : node.setTimeout(fire, ms);
  timers.set(id, entry);
  return id;
}

function stop(id, entry) {
  timers.delete(id);
  if (entry.repeat) node.clearInterval(entry.timer);
  else node.clearTimeout(entry.timer);
}
