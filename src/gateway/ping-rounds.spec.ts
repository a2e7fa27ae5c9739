import { PingRounds, type Pingable } from './ping-rounds.js';

const INTERVAL_MS = 1000;
const TICK_MS = 100;

class FakePeer implements Pingable {
  alive = true;
  pingedAt = 0;
  readonly pings: number[] = [];
  terminated = false;
  /** Whether this peer answers pings (a vanished peer does not). */
  answers = true;

  constructor(private readonly clock: { now: number }) {}

  ping(): void {
    this.pings.push(this.clock.now);
    if (this.answers) this.alive = true; // the pong, as if it came back at once
  }

  terminate(): void {
    this.terminated = true;
  }
}

function setup(count: number) {
  const clock = { now: 0 };
  const peers = Array.from({ length: count }, () => new FakePeer(clock));
  const open = new Set<FakePeer>(peers);
  const rounds = new PingRounds(INTERVAL_MS, TICK_MS);
  /** Runs the housekeeping ticks up to `until` and returns the most pings sent by one tick. */
  const runUntil = (until: number): number => {
    let busiest = 0;
    for (; clock.now <= until; clock.now += TICK_MS) {
      const before = peers.reduce((n, p) => n + p.pings.length, 0);
      rounds.tick(clock.now, () => open);
      busiest = Math.max(busiest, peers.reduce((n, p) => n + p.pings.length, 0) - before);
      for (const peer of open) if (peer.terminated) open.delete(peer);
    }
    return busiest;
  };
  return { clock, peers, open, runUntil };
}

describe('PingRounds', () => {
  it('pings every connection once per interval, a share per tick instead of all at once', () => {
    const { peers, runUntil } = setup(900);
    const busiest = runUntil(5 * INTERVAL_MS - 1);
    for (const peer of peers) expect(peer.pings).toHaveLength(5);
    // 900 connections over the 9 usable ticks of a 1 s interval: 100 per tick, not 900.
    expect(busiest).toBe(100);
    for (const peer of peers) {
      const gaps = peer.pings.slice(1).map((t, i) => t - peer.pings[i]!);
      expect(gaps.every((gap) => gap === INTERVAL_MS)).toBe(true);
    }
  });

  it('terminates a peer that stopped answering, within two intervals, and only that one', () => {
    const { clock, peers, runUntil } = setup(10);
    runUntil(INTERVAL_MS - 1);
    const vanished = peers[3]!;
    vanished.answers = false;
    const vanishedAt = clock.now;
    runUntil(vanishedAt + 2 * INTERVAL_MS);
    expect(vanished.terminated).toBe(true);
    expect(peers.filter((p) => p.terminated)).toEqual([vanished]);
  });

  it('gives a recent ping time to be answered when the peer moves up in the next round', () => {
    const { clock, peers, open, runUntil } = setup(18);
    const slow = peers[0]!; // rounds go newest first: pinged on the last tick, at 800 ms
    slow.answers = false;
    runUntil(INTERVAL_MS - 1);
    expect(slow.pings).toEqual([800]);
    // Everyone newer leaves: in the next round the slow peer's turn comes first,
    // 200 ms after its ping. It is not reaped for a pong that may be in flight...
    for (const peer of peers.slice(1)) open.delete(peer);
    runUntil(clock.now);
    expect(slow.terminated).toBe(false);
    // ...and once the pong arrives it is pinged again in the round after.
    slow.alive = true;
    slow.answers = true;
    runUntil(3 * INTERVAL_MS);
    expect(slow.terminated).toBe(false);
    expect(slow.pings).toEqual([800, 2000, 3000]);
  });

  it('includes connections opened since the last round in the next one', () => {
    const { clock, open, runUntil } = setup(2);
    runUntil(INTERVAL_MS / 2);
    const late = new FakePeer(clock);
    open.add(late);
    runUntil(2 * INTERVAL_MS);
    expect(late.pings.length).toBeGreaterThanOrEqual(1);
  });
});
