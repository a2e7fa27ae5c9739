import type { BookLevel, BookRecord } from '../../market/book-level.js';
import { zeroWithDecimals } from '../../market/decimal-string.js';
import type { AssetClass, Instrument } from './instrument.js';
import { decimalsOf, type SimulatedQuote } from './market-simulator.js';
import type { RandomFn } from './seeded-random.js';
import { LevelChanges, SimulatedBookSide } from './simulated-book-side.js';

/**
 * Decimals of simulated book quantities, fixed per asset class: whole shares,
 * currency units and contracts; crypto in ten-thousandths of a coin (the finest
 * crypto lot, 0.001, prints exactly).
 */
export const QTY_DECIMALS: Readonly<Record<AssetClass, number>> = {
  equity: 0,
  crypto: 4,
  fx: 0,
  future: 0,
};

/** Levels a side when nothing else is asked (`SIM_BOOK_LEVELS`' default). */
export const DEFAULT_BOOK_LEVELS = 120;

/**
 * Mean distance between neighbouring levels, in ticks: half a typical step of the
 * instrument's random walk, so a step moves the touch across a level or two, and a
 * delta touches a few levels whatever the tick size (BTC moves thousands of ticks a
 * step, an equity a handful).
 */
export function levelGapTicks(instrument: Instrument): number {
  const startTicks = instrument.price / instrument.tickSize;
  return Math.max(1, Math.round((instrument.stepVolatility * startTicks) / 2));
}

/**
 * The simulated level-2 book of one instrument, as source records: an opening
 * snapshot, then one record per step (a delta, or a snapshot when asked), `seq`
 * rising by exactly 1 per record. Its best bid and ask are always the quote of the
 * step that produced the record, and the step's trade is filled at that touch.
 * Prices and quantities are decimal strings with the instrument's fixed decimals.
 */
export class SimulatedBook {
  private readonly bids: SimulatedBookSide;
  private readonly asks: SimulatedBookSide;
  private readonly priceDecimals: number;
  private readonly qtyDecimals: number;
  private readonly zeroQty: string;
  private seq = 0;
  private deltas = 0;

  /** @param depth levels a side (`SIM_BOOK_LEVELS`). */
  constructor(
    private readonly instrument: Instrument,
    depth: number,
    random: RandomFn,
  ) {
    const gap = levelGapTicks(instrument);
    this.bids = new SimulatedBookSide(-1, depth, gap, random);
    this.asks = new SimulatedBookSide(1, depth, gap, random);
    this.priceDecimals = decimalsOf(instrument.tickSize);
    this.qtyDecimals = QTY_DECIMALS[instrument.assetClass];
    this.zeroQty = zeroWithDecimals(this.qtyDecimals);
  }

  /** Deltas since the last snapshot record. */
  get deltasSinceSnapshot(): number {
    return this.deltas;
  }

  /**
   * Moves the book to `quote` and fills its trade at the touch (a buy lifts the
   * ask, a sell hits the bid), with a little churn deeper in the book. Returns the
   * record of the step: a delta of every level that changed, or a snapshot of the
   * whole book when `snapshot` is set (producers repeat snapshots so a consumer
   * starting mid-stream gets a book).
   */
  step(quote: SimulatedQuote, snapshot = false): BookRecord {
    const bidChanges = new LevelChanges();
    const askChanges = new LevelChanges();
    this.bids.moveTo(quote.bidTicks, bidChanges);
    this.asks.moveTo(quote.askTicks, askChanges);
    if (quote.side === 'buy') this.asks.fill(quote.lots, askChanges);
    else this.bids.fill(quote.lots, bidChanges);
    this.bids.churn(bidChanges);
    this.asks.churn(askChanges);
    if (snapshot) return this.snapshot(quote.tick.ts);
    this.seq++;
    this.deltas++;
    return {
      symbol: this.instrument.symbol,
      kind: 'delta',
      seq: this.seq,
      ts: quote.tick.ts,
      bids: this.changed(bidChanges, -1),
      asks: this.changed(askChanges, 1),
    };
  }

  /** The whole book as the next record. */
  snapshot(ts: number): BookRecord {
    this.seq++;
    this.deltas = 0;
    const level = ([ticks, lots]: [number, number]): BookLevel => [
      this.price(ticks),
      this.qty(lots),
    ];
    return {
      symbol: this.instrument.symbol,
      kind: 'snapshot',
      seq: this.seq,
      ts,
      bids: this.bids.levels().map(level),
      asks: this.asks.levels().map(level),
    };
  }

  /** Changed levels best first (`order` −1: prices descending, for bids). */
  private changed(changes: LevelChanges, order: 1 | -1): BookLevel[] {
    return [...changes.levels]
      .sort(([a], [b]) => order * (a - b))
      .map(([ticks, lots]) => [this.price(ticks), lots === 0 ? this.zeroQty : this.qty(lots)]);
  }

  private price(ticks: number): string {
    return (ticks * this.instrument.tickSize).toFixed(this.priceDecimals);
  }

  private qty(lots: number): string {
    return (lots * this.instrument.lotSize).toFixed(this.qtyDecimals);
  }
}
