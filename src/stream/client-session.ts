import type { Clock, TimerHandle } from '../shared/clock.js';
import { CloseCode } from '../protocol/close-codes.js';
import { ACK_PINGS_PER_WINDOW, AckWindow } from './ack-window.js';
import { SessionChannels } from './channels/session-channels.js';
import { updateFrame, type EncodedFrame, type EncodedTicker } from './encoded-ticker.js';
import type { CorkableTransport, SessionSocket } from './session-socket.js';
import { SessionSubscriptions } from './session-subscriptions.js';
import { SessionWriter } from './session-writer.js';
import {
  SlowConsumerPolicy,
  type OutboundBytes,
  type SlowConsumerLimits,
} from './slow-consumer.policy.js';
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
export interface SessionOptions extends SlowConsumerLimits {
  /** Silence after which a `heartbeat` frame is written, in ms. */
  readonly heartbeatMs: number;
}

/**
 * One client's outbound state: its subscriptions, the pending updates (latest
 * per symbol, so memory is bounded by the number of subscribed symbols) and the
 * per-symbol throttle. It asks its {@link SlowConsumerPolicy} before writing
 * updates and carries out the decision.
 *
 * The fan-out hub calls {@link offer}; the flush scheduler calls {@link flush}.
 * Neither ever waits on the socket: when it is backed up, updates are conflated.
 * Every frame, of any kind, leaves through one accounted path ({@link write}).
 */
export class ClientSession {
  readonly subscriptions = new SessionSubscriptions();
  private readonly pending = new Map<string, EncodedTicker>();
  /** When each throttled symbol was last written; unthrottled symbols are not tracked. */
  private readonly lastSentAt = new Map<string, number>();
  private readonly policy: SlowConsumerPolicy;
  private readonly writer: SessionWriter;
  private readonly acks: AckWindow;
  /** Earliest time a pending update may go out. */
  private nextDueAt = Infinity;
  private lastWriteAt: number;
  private closed = false;
  /** Drops a client closed for being slow that does not complete the close handshake. */
  private closeDeadline: TimerHandle | undefined;
  /** Trades, candles and book state; created on the first such subscription. */
  private channelState: SessionChannels | undefined;

  constructor(
    readonly id: string,
    private readonly socket: SessionSocket,
    private readonly clock: Clock,
    private readonly options: SessionOptions,
    private readonly stats: StreamStats,
    /** The socket under `socket`, corked per turn; absent in unit tests. */
    transport?: CorkableTransport,
  ) {
    this.lastWriteAt = clock.now();
    this.policy = new SlowConsumerPolicy(options);
    this.writer = new SessionWriter(socket, transport);
    this.acks = new AckWindow(Math.max(1, Math.floor(options.windowBytes / ACK_PINGS_PER_WINDOW)));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get isLagging(): boolean {
    return !this.closed && this.policy.isLagging;
  }

  /**
   * This session's trades, candles and book state, created on first use: a
   * ticker-only session never has one and pays nothing for the other channels.
   */
  get channels(): SessionChannels {
    this.channelState ??= new SessionChannels(
      { lagging: () => this.isLagging, queued: () => this.enforceCap() },
      this.stats.channels,
      this.options.highWaterBytes,
    );
    return this.channelState;
  }

  /** True once the session has subscribed to a channel other than `ticker`. */
  get hasChannels(): boolean {
    return this.channelState !== undefined;
  }

  /** Number of updates waiting to be written. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Wire bytes written to this client and not yet handed to the kernel. */
  get unsentBytes(): number {
    return this.writer.unsentBytes;
  }

  /** Bytes written to this client and not yet acknowledged by its pongs. */
  get unacknowledgedBytes(): number {
    return this.acks.unacknowledgedBytes;
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
      if (throttle === 0 && !this.policy.isLagging) this.flush(now);
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
    const channels = this.channelState;
    if (channels === undefined || !channels.hasPending) return this.flushTickers(now);
    if (!this.followSlowConsumerPolicy(now)) return this.closed ? undefined : now + LAG_POLL_MS;
    let next: number | undefined;
    if (this.pending.size > 0) {
      next =
        now < this.nextDueAt
          ? this.nextDueAt
          : this.subscriptions.allUnthrottled
            ? this.flushAll(now)
            : this.flushDue(now);
    }
    if (this.closed) return undefined;
    const channelNext = channels.flush(now, (frame) => this.write(frame.text, frame.bytes, now));
    if (next === undefined) return channelNext;
    return channelNext === undefined ? next : Math.min(next, channelNext);
  }

  /** The ticker-only flush: the hot path of every session without other channels. */
  private flushTickers(now: number): number | undefined {
    if (this.pending.size === 0) return undefined;
    if (now < this.nextDueAt) return this.nextDueAt;
    if (!this.followSlowConsumerPolicy(now)) return this.closed ? undefined : now + LAG_POLL_MS;
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

  private writeUpdates(frame: EncodedFrame, count: number, now: number): void {
    if (!this.write(frame.text, frame.bytes, now)) return;
    this.stats.tickerBytesSent += frame.bytes;
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
   * Writes a frame that is never dropped or conflated (welcome, reply, error,
   * snapshot) at once, whatever the backlog. It counts against the hard cap
   * like every write: one that takes the unsent bytes past it closes the
   * session with 4008.
   */
  sendControl(frame: string): void {
    // Serialised per client by the caller, so measured here, once.
    this.write(frame, Buffer.byteLength(frame), this.clock.now());
  }

  /**
   * Writes the keep-alive WebSocket ping. It is an acknowledgement ping like
   * the ones written after each chunk of bytes: one mechanism for liveness and
   * for the window.
   */
  sendPing(): void {
    this.writePing();
  }

  /** A pong arrived echoing `payload`: the client has read everything written before that ping. */
  acknowledge(payload: string): void {
    this.acks.acknowledge(payload);
  }

  /**
   * Periodic housekeeping: reports the unsent bytes, follows the slow-consumer
   * policy for a session that has nothing new to send but is still backed up
   * (grace period), and writes a heartbeat after silence.
   */
  sweep(now: number, heartbeatFrame: () => string): void {
    if (this.closed) return;
    this.reportUnsentBytes();
    if (!this.followSlowConsumerPolicy(now)) return;
    if (now - this.lastWriteAt >= this.options.heartbeatMs) {
      const frame = heartbeatFrame();
      if (this.write(frame, Buffer.byteLength(frame), now)) this.stats.heartbeatsSent++;
    }
  }

  /** Closes the connection with `code`; later offers, flushes and writes are ignored. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    if (this.policy.isLagging) this.stats.laggingSessions--;
    this.closed = true;
    this.pending.clear();
    this.channelState?.clear();
    this.reportUnsentBytes();
    this.stats.countClose(code);
    try {
      this.socket.close(code, reason);
    } catch {
      // The socket is already gone; the close event cleans up.
    }
  }

  /**
   * The socket has closed, by either side: ends the session and drops a pending
   * close deadline, which would otherwise hold the session for its full length.
   */
  release(): void {
    this.close(CloseCode.NORMAL, 'closed');
    if (this.closeDeadline !== undefined) this.clock.clearTimeout(this.closeDeadline);
    this.closeDeadline = undefined;
  }

  /**
   * Asks the slow-consumer policy about this session's backlog and carries out
   * its decision: counts the episode, writes the warning, or closes with 4008.
   * Returns true when updates may be written now.
   */
  private followSlowConsumerPolicy(now: number): boolean {
    const wasLagging = this.policy.isLagging;
    const decision = this.policy.decide(now, this.outboundBytes());
    if (this.policy.isLagging !== wasLagging) this.stats.laggingSessions += wasLagging ? -1 : 1;
    switch (decision) {
      case 'write':
        return true;
      case 'conflate':
        return false;
      case 'conflate-and-warn':
        this.stats.slowConsumerWarnings++;
        this.write(SLOW_CONSUMER_WARNING, SLOW_CONSUMER_WARNING_BYTES, now);
        return false;
      case 'close-over-cap':
        this.closeSlow('unsent data over the limit');
        return false;
      case 'close-after-grace':
        this.closeSlow('behind for longer than the grace period');
        return false;
    }
  }

  private outboundBytes(): OutboundBytes {
    const turnBytes = this.writer.currentTurnBytes;
    return {
      unsentBytes: this.heldBytes(),
      backlogBytes: this.writer.backlogBytes,
      unacknowledgedBytes: Math.max(0, this.acks.unacknowledgedBytes - turnBytes),
    };
  }

  private closeSlow(reason: string): void {
    this.stats.slowConsumerCloses++;
    this.close(CloseCode.SLOW_CONSUMER, `slow consumer: ${reason}`);
    this.closeDeadline = this.clock.setTimeout(() => {
      this.closeDeadline = undefined;
      this.socket.terminate();
    }, SLOW_CLOSE_DEADLINE_MS);
  }

  /**
   * Samples the most unsent bytes this session held since the last sample, for
   * subscribed sessions and any that held bytes (a client flooding requests
   * need not subscribe). A peak, not the figure at the sweep: what lies in
   * between is what the hard cap bounds.
   */
  private reportUnsentBytes(): void {
    const peakBytes = this.writer.takePeakUnsentBytes();
    if (peakBytes > 0 || this.subscriptions.size > 0) this.stats.observeUnsentBytes(peakBytes);
  }

  /**
   * The one way out for every frame of this session — updates, replies,
   * errors, snapshots, heartbeats, warnings: accounted in bytes as it is
   * written, and checked against the hard cap at once. Frames that must not be
   * dropped cannot be held back, so a write past the cap closes with 4008;
   * the unsent bytes exceed the cap by at most that one frame. After each
   * chunk of bytes an acknowledgement ping follows the frame. A failing socket
   * closes this session only.
   */
  private write(text: string, payloadBytes: number, now: number): boolean {
    if (this.closed) return false;
    try {
      this.acks.recordWritten(this.writer.write(text, payloadBytes));
    } catch {
      this.close(CloseCode.INTERNAL_ERROR, 'write failed');
      return false;
    }
    this.lastWriteAt = now;
    this.stats.bytesSent += payloadBytes;
    if (this.policy.exceedsCap(this.heldBytes())) this.closeSlow('unsent data over the limit');
    else if (this.acks.pingDue) this.writePing();
    return true;
  }

  /**
   * Bytes this session holds for its client: unsent, plus the live channel
   * entries (trades, closed candles, book changes) queued because it is behind —
   * those are never dropped, so they count against the hard cap like writes.
   */
  private heldBytes(): number {
    const queued = this.channelState?.queuedBytes ?? 0;
    return this.writer.unsentBytes + queued;
  }

  /** Channel entries were queued: past the hard cap, the session is closed with 4008. */
  private enforceCap(): void {
    if (!this.closed && this.policy.exceedsCap(this.heldBytes())) {
      this.closeSlow('unsent data over the limit');
    }
  }

  /** A WebSocket ping marking the bytes written so far; its pong acknowledges them. */
  private writePing(): void {
    if (this.closed) return;
    try {
      this.writer.ping(this.acks.markPing());
    } catch {
      this.close(CloseCode.INTERNAL_ERROR, 'write failed');
    }
  }
}

const SLOW_CONSUMER_WARNING = JSON.stringify({
  type: 'warning',
  code: 'SLOW_CONSUMER',
  message: 'You are falling behind; updates are being conflated to the latest value per symbol.',
});
const SLOW_CONSUMER_WARNING_BYTES = Buffer.byteLength(SLOW_CONSUMER_WARNING);
