/**
 * The full state of one symbol as sent to clients: never a delta, so a client
 * that misses an update loses nothing but time (PROTOCOL.md, "ticker").
 */
export interface Ticker {
  readonly symbol: string;
  /** Strictly increasing per symbol within one server process. */
  readonly seq: number;
  /** Source event time of the tick that produced this state, epoch ms. */
  readonly ts: number;
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
  readonly lastSize: number;
  /** First trade price of the current session (UTC day). */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  /** Session volume. */
  readonly volume: number;
  /** `last - open`. */
  readonly change: number;
  /** `change / open * 100`, rounded to 2 decimals. */
  readonly changePct: number;
}
