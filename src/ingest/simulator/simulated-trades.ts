import type { Trade } from '../../market/trade.js';
import type { SimulatedQuote } from './market-simulator.js';

/**
 * Trades of the simulated market: one per quote, the quote's last trade, so the
 * ticker's `last`/`lastSize` and the tape agree. Each symbol numbers its trades
 * 1, 2, 3…; the trade id is `<runId>-<seq>`, unique across runs, so a restarted
 * feeder's trades are never taken for redeliveries of the previous run's.
 */
export class SimulatedTrades {
  private readonly seqs = new Map<string, number>();

  /** @param runId distinguishes this run's trade ids from earlier runs'. */
  constructor(private readonly runId: string) {}

  /** The trade of `quote`: at the ask when the aggressor bought, at the bid when it sold. */
  tradeOf(quote: SimulatedQuote): Trade {
    const { symbol, ts, last, lastSize } = quote.tick;
    const seq = (this.seqs.get(symbol) ?? 0) + 1;
    this.seqs.set(symbol, seq);
    return {
      symbol,
      seq,
      tradeId: `${this.runId}-${seq}`,
      ts,
      price: last,
      size: lastSize,
      side: quote.side,
    };
  }
}

/** A run id from the start time: short, and different for every run started a millisecond apart. */
export function runIdAt(epochMs: number): string {
  return epochMs.toString(36);
}
