// One run of a VU function (an iteration, setup() or teardown()) with the rule of k6's event loop:
// it ends once the function has returned (and its promise settled) and nothing it started (timer,
// socket) is pending. An exception thrown by the function or by one of its callbacks ends it with
// an error; an interrupt (gracefulStop, gracefulRampDown) ends it at once. Either way, what it
// left open is cancelled and its remaining callbacks never run, as when k6 stops a VU's loop.
import { setImmediate } from 'node:timers';
import { runInIteration } from './vu-context.mjs';

/** @typedef {'complete' | 'error' | 'interrupted'} Outcome */
/** @typedef {{ outcome: Outcome, error?: unknown, value?: unknown }} IterationResult */

export class Iteration {
  /** @type {Set<{ cancel: () => void }>} */
  #handles = new Set();
  #returned = false;
  /** The function returned a promise that has not settled yet. */
  #awaiting = false;
  /** @type {(result: IterationResult) => void} */
  #resolve = () => {};
  #value;

  /**
   * @param {object} vu the VU running it
   * @param {object | undefined} scenario undefined for setup() and teardown()
   * @param {object} [counters] exec.vu / exec.scenario figures fixed for this iteration
   */
  constructor(vu, scenario, counters = {}) {
    this.vu = vu;
    this.scenario = scenario;
    this.counters = counters;
    /** False once the iteration has ended; its callbacks are dropped from then on. */
    this.active = true;
    /** @type {Promise<IterationResult>} */
    this.done = new Promise((resolve) => (this.#resolve = resolve));
  }

  /**
   * Calls `fn(...args)` as this iteration's code.
   * @param {Function} fn
   * @param {unknown[]} args
   */
  start(fn, args) {
    runInIteration(this, () => {
      let result;
      try {
        result = fn(...args);
      } catch (error) {
        this.fail(error);
        return;
      }
      if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
        this.#awaiting = true;
        result.then(
          (value) => {
            this.#value = value;
            this.#awaiting = false;
            this.#settleIfIdle();
          },
          (error) => this.fail(error),
        );
      } else {
        this.#value = result;
      }
      this.#returned = true;
      this.#settleIfIdle();
    });
  }

  /**
   * Keeps the iteration alive until {@link release}; `cancel` stops the resource if the
   * iteration ends first.
   * @param {() => void} cancel
   */
  hold(cancel) {
    const handle = { cancel };
    this.#handles.add(handle);
    return handle;
  }

  /** @param {{ cancel: () => void }} handle */
  release(handle) {
    if (this.#handles.delete(handle)) this.#settleIfIdle();
  }

  /**
   * Runs a callback of this iteration (timer, socket event). A throw ends the iteration with
   * that error, like an uncaught exception in a k6 event handler.
   * @param {Function} callback
   * @param {unknown[]} [args]
   */
  dispatch(callback, args = []) {
    if (!this.active) return;
    try {
      runInIteration(this, () => callback(...args));
    } catch (error) {
      this.fail(error);
    }
  }

  /** @param {unknown} error */
  fail(error) {
    this.#finish({ outcome: 'error', error });
  }

  interrupt() {
    this.#finish({ outcome: 'interrupted' });
  }

  #settleIfIdle() {
    if (!this.active || !this.#returned || this.#handles.size > 0) return;
    if (!this.#awaiting) {
      this.#finish({ outcome: 'complete', value: this.#value });
      return;
    }
    // Pending promise, nothing pending that could settle it once the microtasks queued now have
    // run (setImmediate comes after them): k6's loop would stop with the promise never settled.
    setImmediate(() => {
      if (this.active && this.#awaiting && this.#handles.size === 0)
        this.fail(new Error('the function returned a promise that nothing pending can settle'));
    });
  }

  /** @param {IterationResult} result */
  #finish(result) {
    if (!this.active) return;
    this.active = false;
    const handles = [...this.#handles];
    this.#handles.clear();
    for (const handle of handles) handle.cancel();
    this.#resolve(result);
  }
}
