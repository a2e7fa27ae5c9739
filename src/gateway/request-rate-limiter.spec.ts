import { RequestRateLimiter } from './request-rate-limiter.js';

describe('RequestRateLimiter', () => {
  it('admits a burst of perSecond requests, then refuses until tokens refill', () => {
    const limiter = new RequestRateLimiter(20, 100, 0);
    const burst = Array.from({ length: 25 }, () => limiter.admit(0));
    expect(burst.filter((a) => a === 'ok')).toHaveLength(20);
    expect(burst.slice(20)).toEqual(Array(5).fill('limited'));
    expect(limiter.admit(50)).toBe('ok'); // 50 ms = 1 token at 20/s
    expect(limiter.admit(50)).toBe('limited');
  });

  it('sustains exactly the configured rate', () => {
    const limiter = new RequestRateLimiter(10, 1000, 0);
    let ok = 0;
    for (let t = 0; t < 10_000; t += 10) if (limiter.admit(t) === 'ok') ok++;
    expect(ok).toBeGreaterThanOrEqual(100);
    expect(ok).toBeLessThanOrEqual(111);
  });

  it('reports abuse after maxStrikes refusals within the strike window', () => {
    const limiter = new RequestRateLimiter(1, 3, 0);
    expect(limiter.admit(0)).toBe('ok');
    expect([1, 2, 3].map(() => limiter.admit(0))).toEqual(['limited', 'limited', 'limited']);
    expect(limiter.admit(0)).toBe('abusive');
  });

  it('forgives strikes once the window has passed', () => {
    const limiter = new RequestRateLimiter(1, 2, 0);
    limiter.admit(0);
    limiter.admit(1);
    limiter.admit(2);
    expect(limiter.admit(20_000)).toBe('ok');
    limiter.admit(20_001);
    expect(limiter.admit(20_002)).toBe('limited');
  });
});
