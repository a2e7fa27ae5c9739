import {
  CandlestickSeries,
  ColorType,
  createChart,
  type CandlestickData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { CandleSeries, type Candle, type CandleInterval } from '../src/client/index.js';
import { formatPrice } from './price-format.js';

/** Colours of the board's theme (board.css), which a canvas cannot read from CSS. */
const THEME = {
  background: '#121826',
  text: '#8a96ad',
  grid: '#1b2436',
  border: '#232d40',
  up: '#26d07c',
  down: '#ff5459',
} as const;

/** Intervals short enough to show seconds on the time axis. */
const SECOND_INTERVALS: ReadonlySet<CandleInterval> = new Set(['1s', '1m', '5m']);

/** The chart's bar of a candle: lightweight-charts takes UTC seconds. */
function toBar(candle: Candle): CandlestickData<UTCTimestamp> {
  return {
    time: (candle.start / 1000) as UTCTimestamp,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
  };
}

/**
 * The candlestick chart of one (symbol, interval), drawn by TradingView's lightweight-charts
 * from a {@link CandleSeries}: the open bar's states redraw the last bar, a new bar is
 * appended, history that arrives late (a snapshot after a reconnect) resets the data. The
 * container carries `data-bars` (how many bars are drawn) and an `aria-label` describing the
 * last bar, since a canvas says nothing to a screen reader or a test.
 */
export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private series: CandleSeries | undefined;
  private decimals = 2;

  constructor(
    private readonly container: HTMLElement,
    private readonly summary: HTMLElement,
  ) {
    this.chart = createChart(container, {
      autoSize: true,
      // The library's logo injects an inline <style>, which the board's CSP refuses; the
      // page credits TradingView with a link of its own (index.html), as the licence asks.
      layout: {
        background: { type: ColorType.Solid, color: THEME.background },
        textColor: THEME.text,
        attributionLogo: false,
      },
      grid: { vertLines: { color: THEME.grid }, horzLines: { color: THEME.grid } },
      rightPriceScale: { borderColor: THEME.border },
      // Wider bars than the default 6 px: a fresh feed has few of them.
      timeScale: {
        borderColor: THEME.border,
        timeVisible: true,
        secondsVisible: true,
        barSpacing: 10,
        rightOffset: 3,
      },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: THEME.up,
      downColor: THEME.down,
      borderVisible: false,
      wickUpColor: THEME.up,
      wickDownColor: THEME.down,
    });
  }

  /** Starts a new chart for `symbol` at `interval`. */
  show(symbol: string, interval: CandleInterval): void {
    this.series = new CandleSeries(symbol, interval);
    this.chart.applyOptions({ timeScale: { secondsVisible: SECOND_INTERVALS.has(interval) } });
    this.candles.setData([]);
    this.describe();
  }

  /** Prices are shown with `decimals` places (the instrument's tick size). */
  setDecimals(decimals: number): void {
    if (decimals === this.decimals) return;
    this.decimals = decimals;
    this.candles.applyOptions({
      priceFormat: { type: 'price', precision: decimals, minMove: 10 ** -decimals },
    });
    this.describe();
  }

  /** Stops drawing (no symbol selected). */
  clear(): void {
    this.series = undefined;
    this.candles.setData([]);
    this.describe();
  }

  /** Takes one candle entry; entries of other symbols or intervals are ignored. */
  apply(candle: Candle): void {
    const change = this.series?.apply(candle);
    if (!change || !this.series) return;
    if (change.kind === 'inserted') this.candles.setData(this.series.bars.map(toBar));
    else this.candles.update(toBar(change.bar));
    this.describe();
  }

  private describe(): void {
    const bars = this.series?.bars.length ?? 0;
    this.container.dataset.bars = String(bars);
    const last = this.series?.last;
    if (!this.series || !last) {
      this.container.setAttribute('aria-label', 'Candlestick chart: no bars yet');
      this.summary.textContent = 'No bars yet.';
      return;
    }
    const price = (value: number): string => formatPrice(value, this.decimals);
    const text =
      `${this.series.symbol} ${this.series.interval}, ${bars} bars; last ` +
      `${last.closed ? 'closed' : 'open'} bar O ${price(last.open)} H ${price(last.high)} ` +
      `L ${price(last.low)} C ${price(last.close)}`;
    this.container.setAttribute('aria-label', `Candlestick chart: ${text}`);
    this.summary.textContent = text;
  }
}
