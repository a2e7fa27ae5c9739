import type { Trade } from '../market/trade.js';

/** Why a symbol's trades did not continue at the held `seq` + 1. */
export type TradeGapReason =
  /** `seq` jumped forward: trades were lost on the way (at the source or in between). */
  | 'gap'
  /** A resumption (`since`) reached further back than the server retains. */
  | 'truncated'
  /** `seq` went back with a later `ts`: the source restarted its numbering. */
  | 'restart';

/** Payload of the client's `tradeGap` event: the trades of `symbol` are not contiguous. */
export interface TradeGap {
  readonly symbol: string;
  readonly reason: TradeGapReason;
  /** The `seq` held before this trade. */
  readonly lastSeq: number;
  /** The `seq` of the trade that did not follow it. */
  readonly seq: number;
  /** Trades that never arrived (`seq - lastSeq - 1`); 0 on a restart, where it is unknown. */
  readonly missing: number;
}

/** What {@link TradeSequencer.accept} decided about one trade. */
export type TradeVerdict =
  { readonly accepted: false } | { readonly accepted: true; readonly gap?: TradeGap };

interface Held {
  readonly seq: number;
  readonly ts: number;
  readonly tradeId: string | undefined;
}

const DROPPED: TradeVerdict = { accepted: false };
const ACCEPTED: TradeVerdict = { accepted: true };

/**
 * Per-symbol continuity of the `trades` channel, whose `seq` rises by exactly 1
 * (PROTOCOL.md, "trades"). It keeps the last trade of each symbol, which is also
 * what a reconnect resumes from (`since`).
 *
 * - `seq` = held + 1: the next trade.
 * - `seq` > held + 1: accepted, and reported as a gap (`truncated` when the
 *   server said so for a resumption).
 * - `seq` ≤ held: a repeat (a resumption overlapping what was held, a
 *   redelivery), dropped — unless its `ts` is later than the held trade's: then
 *   the source restarted its numbering (the contract's "since at or past the
 *   newest seq"), and the trade is accepted and reported as a restart. A repeat
 *   never has a later `ts` than a trade that followed it.
 */
export class TradeSequencer {
  private readonly held = new Map<string, Held>();

  /** Judges `trade`; an accepted one becomes the held one. */
  accept(trade: Trade, truncated = false): TradeVerdict {
    const previous = this.held.get(trade.symbol);
    if (previous === undefined || trade.seq === previous.seq + 1) {
      this.hold(trade);
      return ACCEPTED;
    }
    if (trade.seq > previous.seq) {
      this.hold(trade);
      return { accepted: true, gap: gapOf(trade, previous, truncated ? 'truncated' : 'gap') };
    }
    const repeat =
      trade.ts <= previous.ts ||
      (trade.seq === previous.seq &&
        (previous.tradeId === undefined || trade.tradeId === previous.tradeId));
    if (repeat) return DROPPED;
    this.hold(trade);
    return { accepted: true, gap: gapOf(trade, previous, 'restart') };
  }

  /**
   * Starts `symbol` at `seq` when nothing is held for it: a subscription that names
   * `since` resumes from there, so a jump past it is reported as a gap, `seq` itself
   * is a repeat, and a lower one (whose time cannot be compared) a restart.
   */
  resumeFrom(symbol: string, seq: number): void {
    if (!this.held.has(symbol)) {
      this.held.set(symbol, { seq, ts: Number.NEGATIVE_INFINITY, tradeId: undefined });
    }
  }

  /** The `seq` of the last trade held for `symbol`, what a reconnect resumes after. */
  lastSeq(symbol: string): number | undefined {
    return this.held.get(symbol)?.seq;
  }

  /** Stops tracking `symbols` (unsubscribed: a later subscription starts afresh). */
  forget(symbols: readonly string[]): void {
    for (const symbol of symbols) this.held.delete(symbol);
  }

  private hold(trade: Trade): void {
    this.held.set(trade.symbol, { seq: trade.seq, ts: trade.ts, tradeId: trade.tradeId });
  }
}

function gapOf(trade: Trade, previous: Held, reason: TradeGapReason): TradeGap {
  return {
    symbol: trade.symbol,
    reason,
    lastSeq: previous.seq,
    seq: trade.seq,
    missing: reason === 'restart' ? 0 : trade.seq - previous.seq - 1,
  };
}
