/** Reconnect backoff settings. Every field has a default. */
export interface BackoffOptions {
  /** Delay before the first reconnect attempt, ms. Default 500. */
  readonly initialMs: number;
  /** Upper bound of the delay, ms. Default 30000. */
  readonly maxMs: number;
  /** Growth per failed attempt. Default 2. */
  readonly factor: number;
  /**
   * Share of each delay that is random, 0..1. Default 0.5: the delay is drawn
   * from [50%, 100%] of the exponential value, so clients dropped together by
   * a restart do not come back in step.
   */
  readonly jitter: number;
  /** Reconnect attempts in a row before giving up. Default `Infinity`. */
  readonly maxAttempts: number;
  /**
   * A connection that stayed up this long (ms) resets the attempt count.
   * Default 10000: a server that accepts and drops at once still backs off.
   */
  readonly resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Number.POSITIVE_INFINITY,
  resetAfterMs: 10_000,
};

/**
 * Delay before reconnect attempt `attempt` (0 for the first):
 * `min(maxMs, initialMs × factor^attempt)`, of which the `jitter` share is
 * scaled by `random()` (a number in [0, 1)).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(exponential * (1 - jitter * random()));
}
