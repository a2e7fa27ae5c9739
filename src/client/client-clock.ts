/**
 * Time and timers of the client, injected so backoff and staleness are tested
 * on virtual time. The service's `Clock` (src/shared/clock.ts) and its
 * `VirtualClock` fit this shape; it is declared here so the client compiles for
 * browsers without Node's types.
 */
export interface ClientClock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Runs `callback` once after `delayMs`; returns a handle for {@link clearTimeout}. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The runtime's clock. Globals are looked up on each call, not captured, so
 * test doubles installed later (Jest fake timers) take effect.
 */
export const runtimeClock: ClientClock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};
