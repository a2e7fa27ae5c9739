/**
 * One trade/quote event as it arrives from a source (Kafka record or simulator),
 * already decoded and validated. Prices are in the instrument's quote currency.
 */
export interface RawTick {
  /** Instrument symbol, see {@link SYMBOL_PATTERN}. */
  readonly symbol: string;
  /** Source event time, epoch milliseconds. */
  readonly ts: number;
  readonly bid: number;
  readonly ask: number;
  /** Price of the last trade. */
  readonly last: number;
  /** Size of the last trade (units, shares, coins). */
  readonly lastSize: number;
  /** Cumulative session volume when the source knows it; derived otherwise. */
  readonly volume?: number;
  /** Session open/high/low when the source knows them; they override derived values. */
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
}
