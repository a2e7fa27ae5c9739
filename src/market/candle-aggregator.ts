import {
  CANDLE_INTERVAL_MS,
  CANDLE_INTERVALS,
  DEFAULT_CANDLE_SNAPSHOT_BARS,
  candleStartOf,
  type Candle,
  type CandleInterval,
} from './candle.js';
import { RingBuffer } from './ring-buffer.js';
import type { Trade } from './trade.js';

/** Closed bars retained per (symbol, interval) (`CANDLE_HISTORY`). */
export const DEFAULT_CANDLE_HISTORY = 1000;

/** How long after its end an open bar waits for a trade before the clock closes it (`CANDLE_CLOSE_GRACE_MS`). */
export const DEFAULT_CANDLE_CLOSE_GRACE_MS = 1000;

export interface CandleAggregatorOptions {
  /** Intervals to build. Default: all of {@link CANDLE_INTERVALS}. */
  readonly intervals?: readonly CandleInterval[];
  /** Closed bars retained per (symbol, interval), a positive integer. Default {@link DEFAULT_CANDLE_HISTORY}. */
  readonly historySize?: number;
  /** Ms past a bar's end at which {@link CandleAggregator.onClock} closes it, 0 or more. Default {@link DEFAULT_CANDLE_CLOSE_GRACE_MS}. */
  readonly closeGraceMs?: number;
}

/** The fields of a trade a bar is built from. */
export type CandleTrade = Pick<Trade, 'symbol' | 'ts' | 'price' | 'size'>;

interface Series {
  open: Candle | undefined;
  readonly closed: RingBuffer<Candle>;
  /** Bars starting before this are closed for good: a trade for them is late. */
  floor: number;
}

/**
 * Builds UTC-aligned OHLCV bars from trades, per symbol and interval (PROTOCOL.md,
 * "candles"). Pure: time comes from the trades' `ts` and from `onClock(nowMs)`.
 *
 * A bar closes when a trade of a later bar arrives or when the clock passes its end
 * by `closeGraceMs`, whichever is first; a trade for a bar before the open one (or
 * before the last closed one) never reopens it and is counted as late instead.
 * Lateness is judged against the series' own bars, never against the clock, so
 * replaying a window of past trades (warm start) rebuilds their bars — provided
 * `onClock` is not called until the replay is done.
 *
 * Feed it trades once each, in `seq` order: the caller drops the redeliveries that
 * {@link TradeHistory} reports as duplicates.
 */
export class CandleAggregator {
  private readonly intervals: readonly CandleInterval[];
  private readonly historySize: number;
  private readonly closeGraceMs: number;
  private readonly series = new Map<string, Series[]>();
  private readonly lateCounts: Record<CandleInterval, number>;

  constructor(options: CandleAggregatorOptions = {}) {
    this.intervals = CANDLE_INTERVALS.filter((i) =>
      (options.intervals ?? CANDLE_INTERVALS).includes(i),
    );
    this.historySize = options.historySize ?? DEFAULT_CANDLE_HISTORY;
    this.closeGraceMs = options.closeGraceMs ?? DEFAULT_CANDLE_CLOSE_GRACE_MS;
    if (!Number.isInteger(this.historySize) || this.historySize < 1) {
      throw new RangeError(`historySize must be a positive integer, got ${this.historySize}`);
    }
    if (!Number.isFinite(this.closeGraceMs) || this.closeGraceMs < 0) {
      throw new RangeError(`closeGraceMs must be a finite number >= 0, got ${this.closeGraceMs}`);
    }
    this.lateCounts = Object.fromEntries(CANDLE_INTERVALS.map((i) => [i, 0])) as Record<
      CandleInterval,
      number
    >;
  }

  /**
   * Adds a trade to the open bar of each interval and returns what changed: the
   * bars it closed (`closed: true`), then the open bars it created or updated, each
   * group in interval order, so a bar's final state always precedes its successor.
   * Intervals for which the trade is late return nothing.
   */
  onTrade(trade: CandleTrade): Candle[] {
    const closed: Candle[] = [];
    const opened: Candle[] = [];
    const all = this.seriesOf(trade.symbol);
    this.intervals.forEach((interval, i) => {
      const series = all[i] as Series;
      const start = candleStartOf(trade.ts, interval);
      const open = series.open;
      if (open && start === open.start) {
        series.open = extend(open, trade);
      } else if (start < (open?.start ?? series.floor)) {
        this.lateCounts[interval]++;
        return;
      } else {
        if (open) closed.push(this.close(series, open));
        series.open = firstBar(trade, interval, start);
      }
      opened.push(series.open);
    });
    return closed.concat(opened);
  }

  /**
   * Closes every open bar whose end lies `closeGraceMs` or more before `nowMs`
   * (server time, epoch ms) and returns them with `closed: true`.
   */
  onClock(nowMs: number): Candle[] {
    const closed: Candle[] = [];
    for (const all of this.series.values()) {
      this.intervals.forEach((interval, i) => {
        const series = all[i] as Series;
        const open = series.open;
        if (!open) return;
        if (nowMs >= open.start + CANDLE_INTERVAL_MS[interval] + this.closeGraceMs) {
          closed.push(this.close(series, open));
        }
      });
    }
    return closed;
  }

  /**
   * A subscription's snapshot: the last `history` closed bars (fewer when fewer are
   * retained), oldest first, then the open bar if there is one.
   */
  snapshot(
    symbol: string,
    interval: CandleInterval,
    history = DEFAULT_CANDLE_SNAPSHOT_BARS,
  ): Candle[] {
    const series = this.find(symbol, interval);
    if (!series) return [];
    const bars = series.closed.last(history);
    if (series.open) bars.push(series.open);
    return bars;
  }

  /** The open bar of (`symbol`, `interval`), if a trade opened one that has not closed. */
  openBar(symbol: string, interval: CandleInterval): Candle | undefined {
    return this.find(symbol, interval)?.open;
  }

  /** Trades that came too late for a bar, per interval, since construction. */
  get late(): Readonly<Record<CandleInterval, number>> {
    return { ...this.lateCounts };
  }

  private close(series: Series, open: Candle): Candle {
    const final: Candle = { ...open, closed: true };
    series.closed.push(final);
    series.open = undefined;
    series.floor = open.start + CANDLE_INTERVAL_MS[open.interval];
    return final;
  }

  private seriesOf(symbol: string): Series[] {
    let all = this.series.get(symbol);
    if (!all) {
      all = this.intervals.map(() => ({
        open: undefined,
        closed: new RingBuffer<Candle>(this.historySize),
        floor: Number.NEGATIVE_INFINITY,
      }));
      this.series.set(symbol, all);
    }
    return all;
  }

  private find(symbol: string, interval: CandleInterval): Series | undefined {
    const i = this.intervals.indexOf(interval);
    return i < 0 ? undefined : this.series.get(symbol)?.[i];
  }
}

function firstBar(trade: CandleTrade, interval: CandleInterval, start: number): Candle {
  return {
    symbol: trade.symbol,
    interval,
    start,
    open: trade.price,
    high: trade.price,
    low: trade.price,
    close: trade.price,
    volume: trade.size,
    trades: 1,
    closed: false,
  };
}

function extend(bar: Candle, trade: CandleTrade): Candle {
  return {
    ...bar,
    high: Math.max(bar.high, trade.price),
    low: Math.min(bar.low, trade.price),
    close: trade.price,
    volume: withoutFloatNoise(bar.volume + trade.size),
    trades: bar.trades + 1,
  };
}

/**
 * Sizes such as 0.012 do not add exactly in binary floating point; 15 significant
 * digits (all a double holds reliably) drop the noise at any magnitude, so a bar
 * of three 0.1 trades has volume 0.3, not 0.30000000000000004.
 */
function withoutFloatNoise(value: number): number {
  return Number(value.toPrecision(15));
}
