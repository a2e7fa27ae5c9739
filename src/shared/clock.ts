/** An opaque handle to a scheduled callback. */
export type TimerHandle = unknown;

/**
 * Time and timers, injected wherever behaviour depends on time (throttles,
 * batching, heartbeats, grace periods, rate limits), so tests run on virtual
 * time ({@link VirtualClock}) instead of sleeping.
 */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Runs `callback` once after `delayMs`. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `Date.now` and Node timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Injection token of the {@link Clock}. */
export const CLOCK = Symbol('CLOCK');

/**
 * Calls `callback` every `periodMs` until the returned function is called.
 * Re-arms after each run, so a slow callback never overlaps itself.
 */
export function every(clock: Clock, periodMs: number, callback: () => void): () => void {
  let handle: TimerHandle;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    callback();
    if (!stopped) handle = clock.setTimeout(run, periodMs);
  };
  handle = clock.setTimeout(run, periodMs);
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
