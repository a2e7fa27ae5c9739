import type { Clock } from '../shared/clock.js';
import { CloseCode } from '../protocol/close-codes.js';
import { updateFrame, type EncodedTicker } from './encoded-ticker.js';
import type { CorkableTransport, SessionSocket } from './session-socket.js';
import { SessionSubscriptions } from './session-subscriptions.js';
import type { StreamStats } from './stream-stats.js';

/** How often a lagging session is re-checked for having drained, in ms. */
export const LAG_POLL_MS = 25;

/**
 * How long a client closed for being slow has to complete the close handshake
 * before the connection is dropped, in ms. Its close frame waits behind megabytes
 * it is not reading; without a deadline those buffers (and the kernel's, several
 * MB per socket) stay held for the WebSocket library's 30 s close timeout.
 */
export const SLOW_CLOSE_DEADLINE_MS = 5000;

/** Outbound limits of a session; see AppConfig for units and defaults. */
export interface SessionOptions {
  readonly heartbeatMs: number;
  readonly highWaterBytes: number;
  readonly maxBytes: number;
  readonly graceMs: number;
}

/**
 * One client's outbound state: its subscriptions, the pending updates (latest
 * per symbol, so memory is bounded by the number of subscribed symbols), the
 * per-symbol throttle, and the slow-consumer policy.
 *
 * The fan-out hub calls {@link offer}; the flush scheduler calls {@link flush}.
 * Neither ever waits on the socket: when it is backed up, updates are conflated.
 */
export class ClientSession {
  readonly subscriptions = new SessionSubscriptions();
  private readonly pending = new Map<string, EncodedTicker>();
  /** When each throttled symbol was last written; unthrottled symbols are not tracked. */
  private readonly lastSentAt = new Map<string, number>();
  /** Earliest time a pending update may go out. */
  private nextDueAt = Infinity;
  private lastWriteAt: number;
  private laggingSince: number | undefined;
  /** When the session last came back under the high-water mark. */
  private caughtUpAt: number | undefined;
  private closed = false;
  private corked = false;
  /** Bytes written while corked in the current turn. */
  private turnBytes = 0;

  constructor(
    readonly id: string,
    private readonly socket: SessionSocket,
    private readonly clock: Clock,
    private readonly options: SessionOptions,
    private readonly stats: StreamStats,
    /** The socket under `socket`, corked per turn; absent in unit tests. */
    private readonly transport?: CorkableTransport,
  ) {
    this.lastWriteAt = clock.now();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get isLagging(): boolean {
    return this.laggingSince !== undefined;
  }

  /** Number of updates waiting to be written. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Queues an update for a subscribed symbol, replacing an older pending one.
   * Returns the time by which the session wants a flush, or `undefined` when
   * the update was not for this session.
   */
  offer(update: EncodedTicker, now: number): number | undefined {
    if (this.closed) return undefined;
    // The hub routes only subscribed symbols, so with no throttled entry there is
    // nothing to look up: this runs once per update per subscriber.
    const throttle = this.subscriptions.allUnthrottled
      ? 0
      : this.subscriptions.throttleOf(update.symbol);
    if (throttle === undefined) return undefined;
    const previous = this.pending.get(update.symbol);
    // The hub may reach a session twice for one update (explicit + wildcard).
    if (previous === update) return this.nextDueAt;
    if (previous !== undefined) {
      // `throttleMs: 0` promises every update: write the batch holding the older
      // value rather than replace it — unless the client is lagging.
      if (throttle === 0 && this.laggingSince === undefined) this.flush(now);
      else this.stats.conflatedUpdates++;
    }
    this.pending.set(update.symbol, update);
    const due = throttle === 0 ? now : (this.lastSentAt.get(update.symbol) ?? -Infinity) + throttle;
    if (due < this.nextDueAt) this.nextDueAt = due;
    return this.nextDueAt;
  }

  /**
   * Writes one `update` frame with every pending update that is due. Returns
   * when the session next needs a flush, or `undefined` when nothing is pending.
   */
  flush(now: number): number | undefined {
    if (this.closed) {
      this.pending.clear();
      return undefined;
    }
    if (this.pending.size === 0) return undefined;
    if (now < this.nextDueAt) return this.nextDueAt;
    if (!this.canWrite(now)) return this.closed ? undefined : now + LAG_POLL_MS;
    return this.subscriptions.allUnthrottled ? this.flushAll(now) : this.flushDue(now);
  }

  /** Every pending update is due: one frame with all of them. */
  private flushAll(now: number): undefined {
    const count = this.pending.size;
    const frame = updateFrame(this.pending.values());
    this.pending.clear();
    this.nextDueAt = Infinity;
    this.writeUpdates(frame, count, now);
    return undefined;
  }

  /** Some symbols are throttled: one frame with the due updates; the rest wait. */
  private flushDue(now: number): number | undefined {
    const due: EncodedTicker[] = [];
    let next = Infinity;
    for (const [symbol, update] of this.pending) {
      const throttle = this.subscriptions.throttleOf(symbol) ?? 0;
      const dueAt = throttle === 0 ? now : (this.lastSentAt.get(symbol) ?? -Infinity) + throttle;
      if (dueAt <= now) {
        due.push(update);
        this.pending.delete(symbol);
        if (throttle > 0) this.lastSentAt.set(symbol, now);
      } else if (dueAt < next) {
        next = dueAt;
      }
    }
    this.nextDueAt = next;
    if (due.length > 0) this.writeUpdates(updateFrame(due), due.length, now);
    return next === Infinity ? undefined : next;
  }

  private writeUpdates(frame: string, count: number, now: number): void {
    if (!this.write(frame, now)) return;
    this.stats.framesSent++;
    this.stats.updatesSent += count;
  }

  /** Marks symbols as just delivered (by a snapshot), so their throttle window starts now. */
  markDelivered(symbols: readonly string[], now: number): void {
    for (const symbol of symbols) {
      if ((this.subscriptions.throttleOf(symbol) ?? 0) > 0) this.lastSentAt.set(symbol, now);
    }
  }

  /** Drops pending state of symbols no longer subscribed. */
  forget(symbols: readonly string[]): void {
    for (const symbol of symbols) {
      if (this.subscriptions.throttleOf(symbol) !== undefined) continue;
      this.pending.delete(symbol);
      this.lastSentAt.delete(symbol);
    }
  }

  /**
   * Writes a control frame (reply, error, snapshot) at once. Control frames are
   * small and rare, so they bypass the high-water mark; the hard cap still applies.
   */
  sendControl(frame: string): void {
    this.write(frame, this.clock.now());
  }

  /**
   * Periodic housekeeping: heartbeat after silence, and the slow-consumer grace
   * period for a session that has nothing new to send but is still backed up.
   */
  sweep(now: number, heartbeatFrame: () => string): void {
    if (this.closed) return;
    const buffered = this.backlog();
    if (this.subscriptions.size > 0) this.stats.observeUnsentBytes(buffered);
    if (this.laggingSince !== undefined || buffered > this.options.highWaterBytes) {
      this.canWrite(now);
      return;
    }
    if (now - this.lastWriteAt >= this.options.heartbeatMs) {
      if (this.write(heartbeatFrame(), now)) this.stats.heartbeatsSent++;
    }
  }

  /** Closes the connection with `code`; later offers and flushes are ignored. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.clear();
    if (this.laggingSince !== undefined) this.stats.laggingSessions--;
    this.laggingSince = undefined;
    this.stats.countClose(code);
    try {
      this.socket.close(code, reason);
    } catch {
      // The socket is already gone; the close event cleans up.
    }
  }

  /** Applies the slow-consumer policy; true when an update frame may be written now. */
  private canWrite(now: number): boolean {
    const buffered = this.backlog();
    if (buffered > this.options.maxBytes) {
      this.closeSlow('unsent data over the limit');
      return false;
    }
    if (buffered <= this.options.highWaterBytes) {
      if (this.laggingSince !== undefined) {
        this.laggingSince = undefined;
        this.caughtUpAt = now;
        this.stats.laggingSessions--;
      }
      return true;
    }
    if (this.laggingSince === undefined) {
      this.laggingSince = now;
      this.stats.laggingSessions++;
      // A client hovering around the mark (socket buffers draining in bursts)
      // is in one episode: warn again only after a grace period of keeping up.
      if (this.caughtUpAt === undefined || now - this.caughtUpAt >= this.options.graceMs) {
        this.stats.slowConsumerWarnings++;
        this.write(SLOW_CONSUMER_WARNING, now);
      }
    } else if (now - this.laggingSince > this.options.graceMs) {
      this.closeSlow('behind for longer than the grace period');
    }
    return false;
  }

  private closeSlow(reason: string): void {
    this.stats.slowConsumerCloses++;
    this.close(CloseCode.SLOW_CONSUMER, `slow consumer: ${reason}`);
    this.clock.setTimeout(() => this.socket.terminate(), SLOW_CLOSE_DEADLINE_MS);
  }

  /**
   * Corks the transport on the first write of an event-loop turn and uncorks it
   * when the turn's synchronous work is done, so all frames this session writes
   * in a flush pass or a burst of ticks go out in one syscall. Frames and their
   * order are unchanged.
   */
  private corkForThisTurn(): void {
    if (!this.transport || this.corked) return;
    this.corked = true;
    this.transport.cork();
    process.nextTick(this.uncork);
  }

  /**
   * Unsent bytes the client has not taken yet: the socket's buffer minus what
   * this turn wrote into the corked transport, which is output in progress,
   * not a sign of a slow reader.
   */
  private backlog(): number {
    return Math.max(0, this.socket.bufferedAmount - this.turnBytes);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.turnBytes = 0;
    this.transport?.uncork();
  };

  /** One write; a failing socket closes this session only. */
  private write(frame: string, now: number): boolean {
    if (this.closed) return false;
    try {
      this.corkForThisTurn();
      this.socket.send(frame);
      if (this.corked) this.turnBytes += frame.length;
      this.lastWriteAt = now;
      this.stats.bytesSent += frame.length;
      return true;
    } catch {
      this.close(CloseCode.INTERNAL_ERROR, 'write failed');
      return false;
    }
  }
}

const SLOW_CONSUMER_WARNING = JSON.stringify({
  type: 'warning',
  code: 'SLOW_CONSUMER',
  message: 'You are falling behind; updates are being conflated to the latest value per symbol.',
});
