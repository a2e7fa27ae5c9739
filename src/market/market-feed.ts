/**
 * The kinds of market data a source can feed: `ticks` (quotes and last trade, for the
 * ticker), `trades` (every trade, for the trades and candles channels) and `book`
 * (level-2 snapshot and delta records). The feeder's `--channels` uses the same names.
 */
export const MARKET_FEEDS = ['ticks', 'trades', 'book'] as const;
export type MarketFeed = (typeof MARKET_FEEDS)[number];

export function isMarketFeed(value: unknown): value is MarketFeed {
  return typeof value === 'string' && (MARKET_FEEDS as readonly string[]).includes(value);
}
