import { DEFAULT_BACKOFF, backoffDelay } from './backoff.js';
import { isRetryableClose, isRetryableRefusal, refusedUpgradeStatus } from './close-policy.js';

describe('backoffDelay', () => {
  const options = { ...DEFAULT_BACKOFF, initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };

  it('grows exponentially up to maxMs without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...options, jitter: 0 }));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('draws each delay from [(1 - jitter) × d, d]', () => {
    expect(backoffDelay(2, options, () => 0)).toBe(400);
    expect(backoffDelay(2, options, () => 0.999999)).toBe(200);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, options);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });
});

describe('close policy', () => {
  it.each([1001, 1006, 1011, 1013, 4008, 4029])('retries close %i', (code) => {
    expect(isRetryableClose(code)).toBe(true);
  });

  it.each([1000, 1008, 1009, 4000])('does not retry close %i', (code) => {
    expect(isRetryableClose(code)).toBe(false);
  });

  it('does not retry refused upgrades 401/403/404; retries 5xx, 408 and 429', () => {
    expect([401, 403, 404, 400].map(isRetryableRefusal)).toEqual([false, false, false, false]);
    expect([500, 503, 408, 429].map(isRetryableRefusal)).toEqual([true, true, true, true]);
  });

  it('reads the status of a refused upgrade from the ws error message', () => {
    expect(refusedUpgradeStatus('Unexpected server response: 401')).toBe(401);
    expect(refusedUpgradeStatus('connect ECONNREFUSED 127.0.0.1:1')).toBeUndefined();
    expect(refusedUpgradeStatus(undefined)).toBeUndefined();
  });
});
