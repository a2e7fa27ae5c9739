/** What a ping round needs of a connection. */
export interface Pingable {
  /** Cleared when a ping is sent, set again by any pong. */
  alive: boolean;
  /** When the last keep-alive ping was sent (ms). */
  pingedAt: number;
  /** Writes a WebSocket ping (the session's acknowledgement ping: one mechanism). */
  ping(): void;
  /** Drops the connection without a close handshake. */
  terminate(): void;
}

/**
 * WebSocket pings spread over the ping interval instead of sent to every
 * connection at once: each ping is a syscall (~30 µs here), so pinging 20,000
 * connections in one go stalls the event loop — and every subscriber's updates —
 * for most of a second. A round starts every `intervalMs` with the connections
 * open at that moment and pings an equal share of them on every tick, so each
 * connection is pinged about once per interval.
 *
 * A connection that has not answered its previous ping when its turn comes
 * again is terminated: a peer that vanished is reaped within two intervals.
 * Its place in a round moves as others come and go, so a ping younger than half
 * an interval is given until the next round rather than counted as unanswered.
 */
export class PingRounds {
  private round: Pingable[] = [];
  private perTick = 0;
  private roundStartedAt = -Infinity;

  /**
   * @param intervalMs time between two pings of one connection, in ms.
   * @param tickMs how often {@link tick} is called, in ms.
   */
  constructor(
    private readonly intervalMs: number,
    private readonly tickMs: number,
  ) {}

  /** Pings (or reaps) this tick's share of the current round. */
  tick(now: number, connections: () => Iterable<Pingable>): void {
    if (this.round.length === 0) {
      if (now - this.roundStartedAt < this.intervalMs) return;
      this.roundStartedAt = now;
      this.round = [...connections()];
      // Finish a round one tick early, so rounds never overlap.
      const ticks = Math.max(1, Math.floor(this.intervalMs / this.tickMs) - 1);
      this.perTick = Math.ceil(this.round.length / ticks);
    }
    for (let i = 0; i < this.perTick && this.round.length > 0; i++) {
      const connection = this.round.pop()!;
      if (!connection.alive) {
        if (now - connection.pingedAt >= this.intervalMs / 2) connection.terminate();
        continue;
      }
      connection.alive = false;
      connection.pingedAt = now;
      connection.ping();
    }
  }
}
