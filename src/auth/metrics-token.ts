import { timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { digestOf } from './api-key.records.js';

/** Shortest `METRICS_TOKEN`, in characters: one shared secret, so it must not be guessable. */
export const MIN_METRICS_TOKEN_LENGTH = 32;
/** Longest `METRICS_TOKEN`, in characters (the same bound as an API key). */
export const MAX_METRICS_TOKEN_LENGTH = 512;
/** What a `METRICS_TOKEN` may hold: URL-safe characters, so it passes in a header unchanged. */
const METRICS_TOKEN = /^[A-Za-z0-9._~-]+$/;

/**
 * The bearer token that `/metrics` requires when `METRICS_TOKEN` is set. Only
 * its SHA-256 is kept; it prints as `[REDACTED]`, so logging the configuration
 * cannot reveal it.
 */
export class MetricsToken {
  private constructor(private readonly digest: Buffer) {}

  /**
   * The token, or why `value` cannot be one. The problem never quotes the
   * value: a misplaced secret must not reach a boot log.
   */
  static parse(value: string): MetricsToken | { readonly problem: string } {
    if (
      value.length < MIN_METRICS_TOKEN_LENGTH ||
      value.length > MAX_METRICS_TOKEN_LENGTH ||
      !METRICS_TOKEN.test(value)
    ) {
      return {
        problem:
          `must be ${MIN_METRICS_TOKEN_LENGTH}..${MAX_METRICS_TOKEN_LENGTH} characters ` +
          'of A-Z a-z 0-9 . _ ~ -',
      };
    }
    return new MetricsToken(digestOf(value));
  }

  /** Whether `presented` is the token; digests are compared in constant time. */
  matches(presented: string): boolean {
    return timingSafeEqual(digestOf(presented), this.digest);
  }

  toJSON(): string {
    return '[REDACTED]';
  }

  [inspect.custom](): string {
    return 'MetricsToken [REDACTED]';
  }
}
