import type { BookDepth } from '../../market/book-level.js';
import type { ServerMessage } from '../../protocol/messages.js';
import { VirtualClock } from '../../shared/virtual-clock.js';
import { BookFeed } from '../channels/book-feed.js';
import { CandleFeed } from '../channels/candle-feed.js';
import { CandleRoute } from '../channels/session-candles.js';
import { TradeFeed } from '../channels/trade-feed.js';
import { ClientSession, type SessionOptions } from '../client-session.js';
import { FlushScheduler } from '../flush-scheduler.js';
import { StreamStats } from '../stream-stats.js';
import { FakeSocket } from './fake-socket.js';
import type { CandleInterval } from '../../market/candle.js';

/** Batch interval of the harness's flush scheduler, ms. */
export const HARNESS_BATCH_MS = 10;

export const HARNESS_OPTIONS: SessionOptions = {
  heartbeatMs: 60_000,
  highWaterBytes: 10_000,
  maxBytes: 100_000,
  graceMs: 2000,
  windowBytes: 1_000_000,
};

/** A session on a fake socket, with its frames parsed. */
export interface HarnessSession {
  readonly session: ClientSession;
  readonly socket: FakeSocket;
  /** Every frame written, parsed, in order. */
  messages(): ServerMessage[];
}

/**
 * The channel feeds wired as the stream module wires them, on virtual time and
 * fake sockets, subscribing sessions directly (the gateway's checks are tested
 * over real sockets).
 */
export class ChannelHarness {
  readonly clock = new VirtualClock();
  readonly stats = new StreamStats();
  readonly scheduler = new FlushScheduler(this.clock, HARNESS_BATCH_MS);
  readonly trades: TradeFeed;
  readonly candles: CandleFeed;
  readonly book: BookFeed;
  private count = 0;

  constructor(
    options: { historySize?: number; snapshotSize?: number; closeGraceMs?: number } = {},
    private readonly sessionOptions: SessionOptions = HARNESS_OPTIONS,
  ) {
    this.trades = new TradeFeed(options, this.clock, this.scheduler);
    this.candles = new CandleFeed(
      { closeGraceMs: options.closeGraceMs ?? 1000 },
      this.clock,
      this.scheduler,
    );
    this.book = new BookFeed(this.clock, this.scheduler);
  }

  /** A new session; `kernelBytes` as for {@link FakeSocket}. */
  connect(kernelBytes = 0): HarnessSession {
    const socket = new FakeSocket(() => this.clock.now(), kernelBytes);
    const session = new ClientSession(
      `s${++this.count}`,
      socket,
      this.clock,
      this.sessionOptions,
      this.stats,
    );
    socket.pong = (payload) => session.acknowledge(payload);
    return {
      session,
      socket,
      messages: () => socket.frames.map((f) => JSON.parse(f) as ServerMessage),
    };
  }

  subscribeTrades(session: ClientSession, symbols: string[], since?: Record<string, number>): void {
    for (const symbol of symbols) {
      session.channels.trades.symbols.add(symbol);
      this.trades.add(session, symbol);
    }
    const { entries, truncated } = this.trades.snapshot(symbols, since);
    session.channels.trades.queue.pushSnapshot(entries, truncated);
    this.flush(session);
  }

  subscribeCandles(
    session: ClientSession,
    symbol: string,
    interval: CandleInterval,
    throttleMs: number,
    history = 100,
  ): CandleRoute {
    const route = new CandleRoute(session, symbol, interval, throttleMs);
    session.channels.candles.add(route);
    this.candles.add(route);
    const bars = this.candles.snapshot(symbol, interval, history);
    if (bars.length > 0) route.lastSentAt = this.clock.now();
    session.channels.candles.queue.pushSnapshot(bars);
    this.flush(session);
    return route;
  }

  subscribeBook(
    session: ClientSession,
    symbol: string,
    depth: BookDepth,
    throttleMs: number,
  ): void {
    const { route, snapshot } = this.book.add(session, symbol, depth, throttleMs, true);
    session.channels.book.routes.set(symbol, route);
    if (snapshot) {
      route.lastSentAt = this.clock.now();
      session.channels.book.queue.pushSnapshot([snapshot]);
    }
    this.flush(session);
  }

  /** Flushes `session` now, as the gateway does after a subscribe. */
  flush(session: ClientSession): void {
    const now = this.clock.now();
    const next = session.flush(now);
    if (next !== undefined) this.scheduler.request(session, next, now);
  }
}
