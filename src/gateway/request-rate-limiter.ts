/** Strikes are counted over this window before a connection is closed with 4029. */
export const RATE_LIMIT_STRIKE_WINDOW_MS = 10_000;

/** Outcome of admitting one request. */
export type Admission = 'ok' | 'limited' | 'abusive';

/**
 * Token bucket per connection: `perSecond` tokens per second, burst of the same
 * size. A refused request is a strike; `maxStrikes` within the strike window
 * means the client ignores `RATE_LIMITED` and gets disconnected.
 */
export class RequestRateLimiter {
  private tokens: number;
  private refilledAt: number;
  private strikes = 0;
  private strikeWindowStart = 0;

  constructor(
    private readonly perSecond: number,
    private readonly maxStrikes: number,
    now: number,
  ) {
    this.tokens = perSecond;
    this.refilledAt = now;
  }

  admit(now: number): Admission {
    this.tokens = Math.min(
      this.perSecond,
      this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000,
    );
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'ok';
    }
    if (now - this.strikeWindowStart > RATE_LIMIT_STRIKE_WINDOW_MS) {
      this.strikeWindowStart = now;
      this.strikes = 0;
    }
    this.strikes++;
    return this.strikes > this.maxStrikes ? 'abusive' : 'limited';
  }
}
