import { RestartBackoff } from './restart-backoff.js';

describe('RestartBackoff', () => {
  it('doubles up to the maximum and starts over after a reset', () => {
    const backoff = new RestartBackoff(100, 1000);
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
