import { VirtualClock } from '../shared/virtual-clock.js';
import { SlowConsumerPolicy, type SlowConsumerLimits } from './slow-consumer.policy.js';

const LIMITS: SlowConsumerLimits = {
  highWaterBytes: 1000,
  maxBytes: 10_000,
  graceMs: 2000,
  windowBytes: 4000,
};
const BEHIND = LIMITS.highWaterBytes + 1;

function setup() {
  const clock = new VirtualClock();
  const policy = new SlowConsumerPolicy(LIMITS);
  /** The decision at the clock's time for a backlog (by default all unsent, none acknowledged). */
  const decide = (backlogBytes: number, unsentBytes = backlogBytes, unacknowledgedBytes = 0) =>
    policy.decide(clock.now(), { backlogBytes, unsentBytes, unacknowledgedBytes });
  return { clock, policy, decide };
}

describe('SlowConsumerPolicy (virtual time)', () => {
  it('lets a client at or under the high-water mark write', () => {
    const { policy, decide } = setup();
    expect(decide(0)).toBe('write');
    expect(decide(LIMITS.highWaterBytes)).toBe('write');
    expect(policy.isLagging).toBe(false);
  });

  it('conflates and warns once when a client falls behind, then conflates quietly', () => {
    const { clock, policy, decide } = setup();
    expect(decide(BEHIND)).toBe('conflate-and-warn');
    expect(policy.isLagging).toBe(true);
    clock.advance(500);
    expect(decide(5000)).toBe('conflate');
    expect(decide(BEHIND)).toBe('conflate');
  });

  it('ends the episode when the backlog is back under the mark', () => {
    const { clock, policy, decide } = setup();
    decide(BEHIND);
    clock.advance(100);
    expect(decide(0)).toBe('write');
    expect(policy.isLagging).toBe(false);
  });

  it('closes a client behind for longer than the grace period', () => {
    const { clock, decide } = setup();
    decide(BEHIND);
    clock.advance(LIMITS.graceMs);
    expect(decide(BEHIND)).toBe('conflate');
    clock.advance(1);
    expect(decide(BEHIND)).toBe('close-after-grace');
  });

  it('treats a client hovering around the mark as one episode: warned again only after keeping up for the grace period', () => {
    const { clock, decide } = setup();
    expect(decide(BEHIND)).toBe('conflate-and-warn');
    for (let i = 0; i < 10; i++) {
      clock.advance(100);
      expect(decide(0)).toBe('write');
      clock.advance(100);
      expect(decide(BEHIND)).toBe('conflate');
    }
    clock.advance(100);
    expect(decide(0)).toBe('write');
    clock.advance(LIMITS.graceMs - 1);
    expect(decide(BEHIND)).toBe('conflate');
    clock.advance(1);
    expect(decide(0)).toBe('write');
    clock.advance(LIMITS.graceMs);
    expect(decide(BEHIND)).toBe('conflate-and-warn');
  });

  it('restarts the grace period with each episode', () => {
    const { clock, decide } = setup();
    decide(BEHIND);
    clock.advance(LIMITS.graceMs - 100);
    decide(0);
    clock.advance(100);
    decide(BEHIND);
    clock.advance(LIMITS.graceMs);
    expect(decide(BEHIND)).toBe('conflate');
  });

  it('holds updates while unacknowledged bytes are over the window, as over the high-water mark', () => {
    const { clock, policy, decide } = setup();
    // The kernel holds what the client has not read: nothing is unsent here.
    expect(decide(0, 0, LIMITS.windowBytes)).toBe('write');
    expect(decide(0, 0, LIMITS.windowBytes + 1)).toBe('conflate-and-warn');
    expect(policy.isLagging).toBe(true);
    clock.advance(LIMITS.graceMs);
    expect(decide(0, 0, LIMITS.windowBytes + 1)).toBe('conflate');
    // A pong acknowledged the bytes: the episode ends.
    expect(decide(0, 0, 100)).toBe('write');
    clock.advance(100);
    expect(decide(0, 0, LIMITS.windowBytes + 1)).toBe('conflate');
    clock.advance(LIMITS.graceMs + 1);
    expect(decide(0, 0, LIMITS.windowBytes + 1)).toBe('close-after-grace');
  });

  it('closes at once when unsent bytes pass the hard cap, whatever the backlog', () => {
    const { policy, decide } = setup();
    expect(policy.exceedsCap(LIMITS.maxBytes)).toBe(false);
    expect(policy.exceedsCap(LIMITS.maxBytes + 1)).toBe(true);
    // A burst written this turn is not backlog, but it is memory held.
    expect(decide(0, LIMITS.maxBytes + 1)).toBe('close-over-cap');
    expect(decide(0, LIMITS.maxBytes)).toBe('write');
  });
});
