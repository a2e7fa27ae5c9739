/** The aggressor side of a trade: `buy` lifted an ask, `sell` hit a bid. */
export type TradeSide = 'buy' | 'sell';

/**
 * One executed trade as the `trades` channel sends it (PROTOCOL.md, "trades").
 * Trades are events, never conflated: every one reaches every subscriber.
 */
export interface Trade {
  readonly symbol: string;
  /**
   * Source sequence: rises by exactly 1 per symbol, so a client sees any gap; every
   * instance reading the same topic sends the same `seq` for the same trade.
   */
  readonly seq: number;
  /** The source's identifier of the trade, passed through unchanged. */
  readonly tradeId: string;
  /** Execution time at the source, epoch ms. */
  readonly ts: number;
  /** Price in the instrument's quote currency. */
  readonly price: number;
  /** Size in the instrument's units (shares, coins, contracts). */
  readonly size: number;
  readonly side: TradeSide;
}
