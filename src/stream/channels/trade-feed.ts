import { TradeHistory, type TradeHistoryOptions } from '../../market/trade-history.js';
import type { Trade } from '../../market/trade.js';
import type { Clock } from '../../shared/clock.js';
import type { ClientSession } from '../client-session.js';
import type { FlushScheduler } from '../flush-scheduler.js';
import { EncodingCache, encodeEntry, type EncodedEntry } from './encoded-entry.js';

/** The entries of a `trades` snapshot, and the symbols whose `since` was older than retention. */
export interface TradeSnapshotEntries {
  readonly entries: EncodedEntry[];
  readonly truncated: Set<string>;
}

/**
 * The `trades` channel of the instance: every accepted trade is retained
 * ({@link TradeHistory}) and queued, serialised once, for every subscribed session.
 *
 * A subscribe takes its snapshot and adds its route in one synchronous step, and a
 * trade is retained and routed in another, so no trade falls between a snapshot
 * and the live trades after it, and none is in both.
 */
export class TradeFeed {
  readonly history: TradeHistory;
  private readonly routes = new Map<string, Set<ClientSession>>();
  private readonly encodings = new EncodingCache<Trade>((trade) => encodeEntry(trade));

  constructor(
    options: TradeHistoryOptions,
    private readonly clock: Clock,
    private readonly scheduler: FlushScheduler,
  ) {
    this.history = new TradeHistory(options);
  }

  /**
   * A trade from the source. Returns false for a redelivery (dropped: never sent
   * twice, never counted twice in candles); otherwise retains it and queues it for
   * its symbol's subscribers.
   */
  accept(trade: Trade): boolean {
    if (this.history.append(trade).kind === 'duplicate') return false;
    const sessions = this.routes.get(trade.symbol);
    if (!sessions) return true;
    const entry = this.encodings.of(trade);
    const now = this.clock.now();
    for (const session of sessions) {
      if (session.isClosed) continue;
      const channels = session.channels;
      channels.trades.queue.pushLive(entry);
      channels.queued();
      this.scheduler.request(session, now, now);
    }
    return true;
  }

  /**
   * The snapshot of newly subscribed `symbols`, in request order, each oldest
   * first: with a `since` seq, every retained trade after it; without, the last
   * `TRADES_SNAPSHOT` trades.
   */
  snapshot(
    symbols: readonly string[],
    since: Readonly<Record<string, number>> = {},
  ): TradeSnapshotEntries {
    const entries: EncodedEntry[] = [];
    const truncated = new Set<string>();
    for (const symbol of symbols) {
      const after = Object.hasOwn(since, symbol) ? since[symbol] : undefined;
      const snapshot = this.history.snapshot(symbol, after);
      if (snapshot.truncated) truncated.add(symbol);
      for (const trade of snapshot.trades) entries.push(this.encodings.of(trade));
    }
    return { entries, truncated };
  }

  /** Routes `symbol`'s trades to `session`. */
  add(session: ClientSession, symbol: string): void {
    let sessions = this.routes.get(symbol);
    if (!sessions) this.routes.set(symbol, (sessions = new Set()));
    sessions.add(session);
  }

  /** Stops routing `symbols` to `session`. Idempotent. */
  remove(session: ClientSession, symbols: Iterable<string>): void {
    for (const symbol of symbols) {
      const sessions = this.routes.get(symbol);
      if (!sessions?.delete(session)) continue;
      if (sessions.size === 0) this.routes.delete(symbol);
    }
  }

  /** Number of (session, symbol) routes. */
  get routeCount(): number {
    let count = 0;
    for (const sessions of this.routes.values()) count += sessions.size;
    return count;
  }
}
