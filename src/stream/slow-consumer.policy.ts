/** Limits of the slow-consumer policy; see AppConfig for their defaults. */
export interface SlowConsumerLimits {
  /** Backlog above which updates are held and conflated (`SLOW_CONSUMER_HIGH_WATER_BYTES`), in bytes. */
  readonly highWaterBytes: number;
  /** Unsent bytes above which the client is closed with 4008 (`SLOW_CONSUMER_MAX_BYTES`), in bytes. */
  readonly maxBytes: number;
  /**
   * Bytes written and not acknowledged by the client's pongs above which
   * updates are held and conflated (`SLOW_CONSUMER_WINDOW_BYTES`), in bytes.
   */
  readonly windowBytes: number;
  /**
   * How long a client may stay behind (above the high-water mark or the window) before it is closed,
   * and how long it must keep up before it is warned again (`SLOW_CONSUMER_GRACE_MS`), in ms.
   */
  readonly graceMs: number;
}

/** A session's outbound bytes at one moment, as the policy reads them. */
export interface OutboundBytes {
  /** Written and not yet handed to the kernel: the memory the session holds. */
  readonly unsentBytes: number;
  /** Unsent bytes less the current turn's output in progress. */
  readonly backlogBytes: number;
  /** Written and not acknowledged by a pong (current turn's output excluded): not yet read. */
  readonly unacknowledgedBytes: number;
}

/**
 * What to do with a session's updates now:
 * - `write`: it keeps up; write them.
 * - `conflate`: it is behind; hold them, keeping the newest value per symbol.
 * - `conflate-and-warn`: it has just fallen behind in a new episode; hold them
 *   and send the `SLOW_CONSUMER` warning.
 * - `close-over-cap`: its unsent bytes passed the hard cap; close with 4008.
 * - `close-after-grace`: it has been behind for longer than the grace period; close with 4008.
 */
export type SlowConsumerDecision =
  'write' | 'conflate' | 'conflate-and-warn' | 'close-over-cap' | 'close-after-grace';

/**
 * The slow-consumer policy of one session, apart from the transport (as
 * centrifuge keeps its client queue apart from the connection): it reads byte
 * figures and a clock reading and returns decisions; the session carries them
 * out. It never writes, warns or closes anything itself.
 *
 * A client is behind while its backlog is above the high-water mark or its
 * unacknowledged bytes are above the window. An episode starts when it falls
 * behind and ends when it is under both again. A client hovering around a mark
 * (socket buffers draining in bursts, pongs arriving in bursts) stays in one
 * episode for warnings: it is warned again only after it has kept up for a
 * grace period.
 */
export class SlowConsumerPolicy {
  private laggingSince: number | undefined;
  /** When the last episode ended. */
  private caughtUpAt: number | undefined;

  constructor(private readonly limits: SlowConsumerLimits) {}

  /** True while an episode of falling behind lasts. */
  get isLagging(): boolean {
    return this.laggingSince !== undefined;
  }

  /**
   * True when `unsentBytes` pass the hard cap. Asked after every write, of any
   * kind: frames that may not be dropped (replies, errors) cannot be held
   * back, so passing the cap can only end in a close.
   */
  exceedsCap(unsentBytes: number): boolean {
    return unsentBytes > this.limits.maxBytes;
  }

  /**
   * The decision for the session's updates at `now`, given its outbound bytes.
   * Starts or ends an episode as the client falls behind or catches up.
   */
  decide(now: number, bytes: OutboundBytes): SlowConsumerDecision {
    if (this.exceedsCap(bytes.unsentBytes)) return 'close-over-cap';
    const behind =
      bytes.backlogBytes > this.limits.highWaterBytes ||
      bytes.unacknowledgedBytes > this.limits.windowBytes;
    if (!behind) {
      if (this.laggingSince !== undefined) {
        this.laggingSince = undefined;
        this.caughtUpAt = now;
      }
      return 'write';
    }
    if (this.laggingSince === undefined) {
      this.laggingSince = now;
      const sameEpisode =
        this.caughtUpAt !== undefined && now - this.caughtUpAt < this.limits.graceMs;
      return sameEpisode ? 'conflate' : 'conflate-and-warn';
    }
    return now - this.laggingSince > this.limits.graceMs ? 'close-after-grace' : 'conflate';
  }
}
