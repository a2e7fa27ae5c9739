/** The bar intervals of the `candles` channel, shortest first. */
export const CANDLE_INTERVALS = ['1s', '1m', '5m', '15m', '1h', '1d'] as const;

export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

/** Length of each interval in ms. Bars are aligned on multiples of it since the epoch (UTC). */
export const CANDLE_INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

/** Closed bars a subscription receives in its snapshot when it names no `history`. */
export const DEFAULT_CANDLE_SNAPSHOT_BARS = 100;

/** Most closed bars a subscription may ask for in its snapshot (`history`). */
export const MAX_CANDLE_SNAPSHOT_BARS = 1000;

/** True when `value` names a supported interval. */
export function isCandleInterval(value: unknown): value is CandleInterval {
  return typeof value === 'string' && (CANDLE_INTERVALS as readonly string[]).includes(value);
}

/**
 * Start of the bar holding `ts`, epoch ms: `floor(ts / interval) * interval`, so
 * `1d` bars start at UTC midnight and every instance cuts the same bars.
 */
export function candleStartOf(ts: number, interval: CandleInterval): number {
  const ms = CANDLE_INTERVAL_MS[interval];
  return Math.floor(ts / ms) * ms;
}

/**
 * One OHLCV bar as the `candles` channel sends it (PROTOCOL.md, "candles"): an open
 * bar's latest state, or a closed bar's final one. Built from trades by their `ts`.
 */
export interface Candle {
  readonly symbol: string;
  readonly interval: CandleInterval;
  /** Bar start, epoch ms, a multiple of the interval. The bar covers `[start, start + interval)`. */
  readonly start: number;
  /** Price of the bar's first trade (by arrival; trades of one bar are not reordered). */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  /** Price of the bar's last trade by arrival. */
  readonly close: number;
  /** Sum of trade sizes. */
  readonly volume: number;
  /** Number of trades in the bar. */
  readonly trades: number;
  /** True on the bar's final state; no later entry for this bar follows. */
  readonly closed: boolean;
}
