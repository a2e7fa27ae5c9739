import type { CandleInterval } from '../../market/candle.js';
import type { ClientSession } from '../client-session.js';
import type { ChannelCounters } from './channel-stats.js';
import { writeUpdateFrames } from './update-frames.js';
import type { EncodedEntry } from './encoded-entry.js';
import { EntryQueue, type FrameWrite } from './entry-queue.js';

/** A candle state serialised once, with what routing needs to know about it. */
export interface EncodedCandle extends EncodedEntry {
  readonly start: number;
  readonly closed: boolean;
}

/** The key of a (symbol, interval) series: what a candles subscription is keyed by. */
export function candleKey(symbol: string, interval: CandleInterval): string {
  return `${symbol} ${interval}`;
}

/** One session's subscription to one (symbol, interval). */
export class CandleRoute {
  readonly key: string;
  /** When an open-bar update of this route was last written (or its snapshot), ms. */
  lastSentAt = Number.NEGATIVE_INFINITY;
  /** The newest open-bar state not yet written (conflated: newest wins). */
  pending: EncodedCandle | undefined;

  constructor(
    readonly session: ClientSession,
    readonly symbol: string,
    readonly interval: CandleInterval,
    public throttleMs: number,
  ) {
    this.key = candleKey(symbol, interval);
  }
}

/**
 * One session's `candles` subscriptions and what waits to be written for them.
 * Closed bars are queued in order and never conflated; open-bar states wait in
 * {@link CandleRoute.pending}, newest winning within the throttle, and are written
 * only once the queue is empty, so a bar's `closed` entry always precedes the next
 * bar's first and a snapshot precedes every update. A route holds at most one
 * unwritten state of a bar, so a frame carries at most one entry per (symbol,
 * interval, start).
 */
export class SessionCandles {
  readonly routes = new Map<string, CandleRoute>();
  readonly queue: EntryQueue;
  /** Routes with a pending open bar. */
  private readonly waiting = new Set<CandleRoute>();

  constructor(private readonly counters: ChannelCounters) {
    this.queue = new EntryQueue('candles', counters);
  }

  get hasPending(): boolean {
    return !this.queue.isEmpty || this.waiting.size > 0;
  }

  /**
   * True when the session must write what it holds before `route` takes a new
   * state: the route is unthrottled (`throttleMs: 0` promises every state), its
   * client keeps up, and a state of it is still unwritten — replacing that would
   * lose it, and queuing beside it would put one bar twice in a frame. The ticker
   * does the same with a symbol that ticks again before its batch is written.
   */
  mustFlushBefore(route: CandleRoute, lagging: boolean): boolean {
    return route.throttleMs === 0 && !lagging && route.pending !== undefined;
  }

  /**
   * Takes a new state of `route`'s series and returns when the session wants a
   * flush. A closed bar is queued (never conflated) and replaces the pending state
   * of the same bar; an open one becomes the route's pending state.
   */
  offer(route: CandleRoute, candle: EncodedCandle, now: number): number {
    // A pending state is of this same bar (a bar's closing is offered before its
    // successor's first state), and the new state supersedes it.
    if (route.pending) this.unpend(route);
    if (candle.closed) {
      this.queue.pushLive(candle);
      return now;
    }
    route.pending = candle;
    this.waiting.add(route);
    return route.lastSentAt + route.throttleMs;
  }

  /** Adds a route (its snapshot, if any, is queued by the caller). */
  add(route: CandleRoute): void {
    this.routes.set(route.key, route);
  }

  /** Removes a route and drops whatever of it is still waiting. */
  remove(route: CandleRoute): void {
    this.routes.delete(route.key);
    if (route.pending) this.unpend(route, false);
    this.queue.drop((key) => key === route.key);
  }

  /**
   * Writes the queue (oldest first, within `budgetBytes`), then, once it is empty,
   * every pending open bar that is due. Returns the bytes written and when the next
   * flush is due (`undefined`: nothing waits).
   */
  flush(
    now: number,
    budgetBytes: number,
    write: FrameWrite,
  ): { bytes: number; next: number | undefined } {
    let bytes = this.queue.drain(budgetBytes, write);
    if (!this.queue.isEmpty) return { bytes, next: now };
    const due: EncodedEntry[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const route of this.waiting) {
      const dueAt = route.lastSentAt + route.throttleMs;
      if (dueAt > now) {
        next = Math.min(next, dueAt);
        continue;
      }
      due.push(route.pending as EncodedCandle);
      route.pending = undefined;
      route.lastSentAt = now;
      this.waiting.delete(route);
    }
    bytes += writeUpdateFrames('candles', due, this.counters, write);
    return { bytes, next: next === Number.POSITIVE_INFINITY ? undefined : next };
  }

  clear(): void {
    this.queue.clear();
    for (const route of this.waiting) route.pending = undefined;
    this.waiting.clear();
  }

  private unpend(route: CandleRoute, conflated = true): void {
    route.pending = undefined;
    this.waiting.delete(route);
    if (conflated) this.counters.conflated++;
  }
}
