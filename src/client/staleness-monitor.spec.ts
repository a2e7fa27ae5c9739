import { VirtualClock } from '../shared/virtual-clock.js';
import { StalenessMonitor } from './staleness-monitor.js';

describe('StalenessMonitor', () => {
  let clock: VirtualClock;
  let changes: Array<[boolean, number]>;
  let monitor: StalenessMonitor;

  beforeEach(() => {
    clock = new VirtualClock();
    changes = [];
    monitor = new StalenessMonitor(clock, (stale, silentMs) => changes.push([stale, silentMs]));
  });

  it('turns stale after 2 × heartbeat without frames, once, and fresh on the next frame', () => {
    monitor.start(1000);
    clock.advance(1999);
    expect(monitor.stale).toBe(false);
    clock.advance(1);
    expect(monitor.stale).toBe(true);
    clock.advance(10_000);
    expect(changes).toEqual([[true, 2000]]);
    monitor.frame();
    expect(monitor.stale).toBe(false);
    expect(changes).toEqual([
      [true, 2000],
      [false, 12_000],
    ]);
    clock.advance(2000);
    expect(changes.at(-1)).toEqual([true, 2000]);
  });

  it('frames keep it fresh with a single timer', () => {
    monitor.start(1000);
    for (let i = 0; i < 100; i++) {
      clock.advance(500);
      monitor.frame();
    }
    expect(changes).toEqual([]);
    expect(clock.pendingTimers).toBe(1);
    monitor.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
