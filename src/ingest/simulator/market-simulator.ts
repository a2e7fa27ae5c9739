import type { RawTick } from '../../market/tick.js';
import type { TradeSide } from '../../market/trade.js';
import type { Instrument } from './instrument.js';
import { gaussian, type RandomFn } from './seeded-random.js';

/** Fraction of the distance to the starting price recovered per step. */
const MEAN_REVERSION = 0.002;

interface WalkState {
  readonly instrument: Instrument;
  /** Mid price in ticks (an integer keeps prices exact multiples of the tick size). */
  midTicks: number;
  readonly startTicks: number;
}

/**
 * One simulated quote with its last trade, in the integer units the book and the
 * trade generator work in, beside the tick it prints as.
 */
export interface SimulatedQuote {
  readonly instrument: Instrument;
  /** Best bid and ask, in multiples of the tick size; `bidTicks < askTicks`. */
  readonly bidTicks: number;
  readonly askTicks: number;
  /** Aggressor of the last trade: `buy` traded at the ask, `sell` at the bid. */
  readonly side: TradeSide;
  /** Size of the last trade, in multiples of the lot size (≥ 1). */
  readonly lots: number;
  readonly tick: RawTick;
}

/** Decimal places needed to print multiples of `step` exactly (`0.01` → 2, `100` → 0). */
export function decimalsOf(step: number): number {
  const text = step.toString();
  return text.includes('e-') ? Number(text.split('e-')[1]) : (text.split('.')[1]?.length ?? 0);
}

/**
 * Random-walk prices for a fixed set of instruments. Pure apart from the random
 * function it is given: time is passed in, so tests and `SIM_SEED` runs repeat exactly.
 */
export class MarketSimulator {
  private readonly walks: WalkState[];

  constructor(
    instruments: readonly Instrument[],
    private readonly random: RandomFn,
  ) {
    this.walks = instruments.map((instrument) => {
      const startTicks = Math.max(1, Math.round(instrument.price / instrument.tickSize));
      return { instrument, midTicks: startTicks, startTicks };
    });
  }

  get symbols(): string[] {
    return this.walks.map((w) => w.instrument.symbol);
  }

  get instruments(): Instrument[] {
    return this.walks.map((w) => w.instrument);
  }

  /** One tick per instrument at its current price: the market's opening state. */
  openingTicks(ts: number): RawTick[] {
    return this.openingQuotes(ts).map((quote) => quote.tick);
  }

  /** {@link openingTicks} with the quotes behind them. */
  openingQuotes(ts: number): SimulatedQuote[] {
    return this.walks.map((walk) => this.quote(walk, ts));
  }

  /** Moves one random instrument one step and returns its tick. */
  next(ts: number): RawTick {
    return this.step(ts).tick;
  }

  /** {@link next} with the quote behind the tick. */
  step(ts: number): SimulatedQuote {
    const walk = this.walks[Math.floor(this.random() * this.walks.length)]!;
    const { stepVolatility, spreadTicks } = walk.instrument;
    const moveTicks = Math.round(gaussian(this.random) * stepVolatility * walk.midTicks);
    // Mean reversion keeps a long-running demo within a believable band.
    const drift = Math.round((walk.startTicks - walk.midTicks) * MEAN_REVERSION);
    walk.midTicks = Math.max(spreadTicks + 1, walk.midTicks + moveTicks + drift);
    return this.quote(walk, ts);
  }

  private quote(walk: WalkState, ts: number): SimulatedQuote {
    const { instrument } = walk;
    const { symbol, tickSize, spreadTicks, lotSize } = instrument;
    const decimals = decimalsOf(tickSize);
    const toPrice = (ticks: number): number => Number((ticks * tickSize).toFixed(decimals));
    const halfSpread = Math.max(1, Math.round((spreadTicks * (0.5 + this.random())) / 2));
    const bidTicks = walk.midTicks - halfSpread;
    const askTicks = walk.midTicks + halfSpread;
    const side = this.random() < 0.5 ? 'sell' : 'buy';
    const lots = 1 + Math.floor(-Math.log(Math.max(this.random(), 1e-9)) * 3);
    const lotDecimals = decimalsOf(lotSize);
    const tick: RawTick = {
      symbol,
      ts,
      bid: toPrice(bidTicks),
      ask: toPrice(askTicks),
      last: toPrice(side === 'buy' ? askTicks : bidTicks),
      lastSize: Number((lots * lotSize).toFixed(lotDecimals)),
    };
    return { instrument, bidTicks, askTicks, side, lots, tick };
  }
}
