import { RingBuffer } from './ring-buffer.js';
import type { Trade } from './trade.js';

/** Trades retained per symbol (`TRADES_HISTORY`). */
export const DEFAULT_TRADES_HISTORY = 1000;

/** Trades in a snapshot without `since` (`TRADES_SNAPSHOT`). */
export const DEFAULT_TRADES_SNAPSHOT = 50;

export interface TradeHistoryOptions {
  /** Trades retained per symbol, a positive integer. Default {@link DEFAULT_TRADES_HISTORY}. */
  readonly historySize?: number;
  /** Trades in a snapshot without `since`, 0 or more. Default {@link DEFAULT_TRADES_SNAPSHOT}. */
  readonly snapshotSize?: number;
}

/**
 * What {@link TradeHistory.append} did with a trade. Every kind but `duplicate`
 * accepted it: the caller forwards it to subscribers and to candle aggregation.
 */
export type TradeAppendResult =
  /** The symbol's first trade, or `seq` = previous + 1. */
  | { readonly kind: 'appended' }
  /** `seq` jumped forward: accepted; `missing` trades never arrived (clients see the gap too). */
  | { readonly kind: 'gap'; readonly missing: number }
  /** A redelivery of a retained trade (same `seq`, same `tradeId`): dropped, never sent twice. */
  | { readonly kind: 'duplicate' }
  /** `seq` went back to a trade not retained as such: the source restarted; history reset. */
  | { readonly kind: 'restart'; readonly previousSeq: number };

/** The answer to a trades subscription's snapshot request. */
export interface TradeSnapshot {
  /** Oldest first. */
  readonly trades: readonly Trade[];
  /** True when `since` is older than what is retained: trades the client lacks are lost. */
  readonly truncated: boolean;
}

/** Counters since construction, for metrics. */
export interface TradeHistoryStats {
  readonly gaps: number;
  /** Trades skipped over by gaps, summed. */
  readonly missing: number;
  readonly duplicates: number;
  readonly restarts: number;
}

const NO_TRADES: TradeSnapshot = { trades: [], truncated: false };

/**
 * The last trades of every symbol, bounded per symbol, so a reconnecting client
 * resumes with `since` without loss or repeats (PROTOCOL.md, "trades").
 *
 * `seq` is the source's, expected to rise by exactly 1 per symbol:
 * - a forward jump is accepted and reported as a gap: the trades are lost at the
 *   source side, and holding back newer ones would not bring them back;
 * - an equal or lower `seq` whose retained trade has the same `tradeId` is a
 *   redelivery (Kafka is at-least-once) and is dropped;
 * - any other equal or lower `seq` means the source restarted its numbering: the
 *   symbol's history is reset, so `since` never mixes trades of two numberings.
 */
export class TradeHistory {
  private readonly histories = new Map<string, RingBuffer<Trade>>();
  private readonly historySize: number;
  private readonly snapshotSize: number;
  private counters = { gaps: 0, missing: 0, duplicates: 0, restarts: 0 };

  constructor(options: TradeHistoryOptions = {}) {
    this.historySize = options.historySize ?? DEFAULT_TRADES_HISTORY;
    this.snapshotSize = options.snapshotSize ?? DEFAULT_TRADES_SNAPSHOT;
    if (!Number.isInteger(this.snapshotSize) || this.snapshotSize < 0) {
      throw new RangeError(`snapshotSize must be an integer >= 0, got ${this.snapshotSize}`);
    }
    if (!Number.isInteger(this.historySize) || this.historySize < 1) {
      throw new RangeError(`historySize must be a positive integer, got ${this.historySize}`);
    }
  }

  /** Records `trade`; see the class comment for gaps, redeliveries and restarts. */
  append(trade: Trade): TradeAppendResult {
    let ring = this.histories.get(trade.symbol);
    if (!ring) {
      ring = new RingBuffer<Trade>(this.historySize);
      this.histories.set(trade.symbol, ring);
    }
    const newest = ring.newest();
    let result: TradeAppendResult = { kind: 'appended' };
    if (newest && trade.seq <= newest.seq) {
      // seqs are integers: the first retained seq above `seq - 1` is `seq` if retained.
      const retained = ring.at(firstIndexAbove(ring, trade.seq - 1));
      if (retained?.seq === trade.seq && retained.tradeId === trade.tradeId) {
        this.counters.duplicates++;
        return { kind: 'duplicate' };
      }
      this.counters.restarts++;
      ring.clear();
      result = { kind: 'restart', previousSeq: newest.seq };
    } else if (newest && trade.seq > newest.seq + 1) {
      const missing = trade.seq - newest.seq - 1;
      this.counters.gaps++;
      this.counters.missing += missing;
      result = { kind: 'gap', missing };
    }
    ring.push(trade);
    return result;
  }

  /** The newest `n` trades of `symbol` (fewer when fewer are retained), oldest first. */
  last(symbol: string, n: number = this.snapshotSize): Trade[] {
    return this.histories.get(symbol)?.last(n) ?? [];
  }

  /**
   * Every retained trade of `symbol` with a `seq` above `since`, oldest first.
   * Empty when `since` is at or past the newest `seq` (e.g. the source restarted);
   * `truncated` when trades after `since` have already left the retention window.
   * A gap the source made inside the window is not truncation: the server never had
   * those trades, and the client sees the jump in `seq` as live clients did.
   */
  since(symbol: string, since: number): TradeSnapshot {
    const ring = this.histories.get(symbol);
    const newest = ring?.newest();
    if (!ring || !newest || since >= newest.seq) return NO_TRADES;
    const oldest = ring.oldest() as Trade;
    return {
      trades: ring.sliceFrom(firstIndexAbove(ring, since)),
      truncated: since < oldest.seq - 1,
    };
  }

  /** A subscription's snapshot: {@link since} when given, else the last `snapshotSize` trades. */
  snapshot(symbol: string, since?: number): TradeSnapshot {
    if (since !== undefined) return this.since(symbol, since);
    const trades = this.last(symbol);
    return trades.length === 0 ? NO_TRADES : { trades, truncated: false };
  }

  /** The newest `seq` seen for `symbol`, if any. */
  newestSeq(symbol: string): number | undefined {
    return this.histories.get(symbol)?.newest()?.seq;
  }

  /** Symbols with retained trades, in first-seen order. */
  symbols(): IterableIterator<string> {
    return this.histories.keys();
  }

  get stats(): TradeHistoryStats {
    return { ...this.counters };
  }
}

/** Index of the first retained trade with `seq > since` (`size` when none); seqs ascend. */
function firstIndexAbove(ring: RingBuffer<Trade>, since: number): number {
  let lo = 0;
  let hi = ring.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ring.at(mid) as Trade).seq > since) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
