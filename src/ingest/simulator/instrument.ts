/** Asset classes the simulator knows how to price. */
export type AssetClass = 'equity' | 'crypto' | 'fx' | 'future';

/** A simulated instrument: its symbol and the parameters of its random walk. */
export interface Instrument {
  readonly symbol: string;
  readonly assetClass: AssetClass;
  /** Starting mid price. */
  readonly price: number;
  /** Smallest price increment; prices are multiples of it. */
  readonly tickSize: number;
  /** Typical spread, in ticks. */
  readonly spreadTicks: number;
  /** Standard deviation of one step's relative move. */
  readonly stepVolatility: number;
  /** Typical trade size; sizes are multiples of `lotSize`. */
  readonly lotSize: number;
}
