import type { Candle, CandleInterval } from '../market/candle.js';

/** What {@link CandleSeries.apply} did with a bar, so a chart can redraw the least. */
export interface CandleChange {
  /**
   * `appended`: a bar newer than every held one, now the last;
   * `replaced`: a newer state of a held bar (the open bar, or its closing state);
   * `inserted`: an older bar that was missing (history from a later snapshot).
   */
  readonly kind: 'appended' | 'replaced' | 'inserted';
  readonly bar: Candle;
  /** Its index in {@link CandleSeries.bars}. */
  readonly index: number;
}

/** Options of a {@link CandleSeries}. */
export interface CandleSeriesOptions {
  /** Bars kept; the oldest leave beyond it. Default {@link DEFAULT_MAX_BARS}. */
  readonly maxBars?: number;
}

/** Bars a series keeps when not told: the deepest snapshot history (1000) and then some. */
export const DEFAULT_MAX_BARS = 2000;

/**
 * The bars of one (symbol, interval) of the `candles` channel, oldest first, as a
 * chart wants them. Feed it every candle entry (snapshot and update, e.g. from the
 * client's `candle` event): bars are kept by `start`, so the open bar's updates
 * replace it, a bar with a later `start` is appended, and a snapshot after a
 * reconnect merges into what is held instead of duplicating it. A closed bar is
 * final: a later state of it that is not closed is ignored.
 *
 * ```ts
 * const series = new CandleSeries('AAPL', '1m');
 * client.on('candle', (candle) => {
 *   const change = series.apply(candle);
 *   if (change?.kind === 'inserted') chart.setData(series.bars);
 *   else if (change) chart.update(change.bar);
 * });
 * ```
 */
export class CandleSeries {
  private readonly list: Candle[] = [];
  private readonly maxBars: number;

  constructor(
    readonly symbol: string,
    readonly interval: CandleInterval,
    options: CandleSeriesOptions = {},
  ) {
    this.maxBars = options.maxBars ?? DEFAULT_MAX_BARS;
    if (!Number.isInteger(this.maxBars) || this.maxBars < 1) {
      throw new RangeError(`maxBars must be a positive integer, got ${this.maxBars}`);
    }
  }

  /** The bars, oldest first; the last one may be open (`closed: false`). */
  get bars(): readonly Candle[] {
    return this.list;
  }

  /** The newest bar, if any. */
  get last(): Candle | undefined {
    return this.list.at(-1);
  }

  /**
   * Takes one candle entry. Returns what changed, or `undefined` when the entry is
   * ignored: another symbol or interval, a non-final state of a closed bar, or a bar
   * older than every kept one while the series is full.
   */
  apply(candle: Candle): CandleChange | undefined {
    if (candle.symbol !== this.symbol || candle.interval !== this.interval) return undefined;
    const last = this.list.at(-1);
    if (last === undefined || candle.start > last.start) {
      this.list.push(candle);
      if (this.list.length > this.maxBars) this.list.shift();
      return { kind: 'appended', bar: candle, index: this.list.length - 1 };
    }
    const index = this.search(candle.start);
    const held = this.list[index];
    if (held !== undefined && held.start === candle.start) {
      if (held.closed && !candle.closed) return undefined;
      this.list[index] = candle;
      return { kind: 'replaced', bar: candle, index };
    }
    if (index === 0 && this.list.length >= this.maxBars) return undefined;
    this.list.splice(index, 0, candle);
    if (this.list.length > this.maxBars) {
      this.list.shift();
      return { kind: 'inserted', bar: candle, index: index - 1 };
    }
    return { kind: 'inserted', bar: candle, index };
  }

  /** Drops every bar. */
  clear(): void {
    this.list.length = 0;
  }

  /** Index of the first bar whose `start` is not below `start`. */
  private search(start: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.list[mid] as Candle).start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
