import type { RawTick } from './tick.js';
import type { Ticker } from './ticker.js';
import { sessionDayOf } from './session-day.js';

const PCT_SCALE = 100;

interface SymbolState {
  ticker: Ticker;
  sessionDay: number;
}

/**
 * Last known state per symbol, with the session fields derived from the ticks
 * (open/high/low/volume/change). Pure: no I/O, no clock — time comes from the ticks.
 *
 * A tick older than the symbol's last one (by `ts`) is refused: sources may
 * redeliver or reorder, and a ticker must never move backwards in time.
 */
export class TickerBook {
  private readonly states = new Map<string, SymbolState>();

  /**
   * Applies a tick and returns the new ticker, or `undefined` when the tick is
   * older than what the book already holds for that symbol.
   */
  apply(tick: RawTick): Ticker | undefined {
    const previous = this.states.get(tick.symbol);
    if (previous && tick.ts < previous.ticker.ts) return undefined;

    const day = sessionDayOf(tick.ts);
    const sameSession = previous !== undefined && previous.sessionDay === day;
    const base = sameSession ? previous.ticker : undefined;

    const open = tick.open ?? base?.open ?? tick.last;
    const high = tick.high ?? Math.max(base?.high ?? tick.last, tick.last);
    const low = tick.low ?? Math.min(base?.low ?? tick.last, tick.last);
    const volume = tick.volume ?? (base?.volume ?? 0) + tick.lastSize;
    const change = roundPrice(tick.last - open);
    const changePct = open === 0 ? 0 : Math.round((change / open) * PCT_SCALE * 100) / 100;

    const ticker: Ticker = {
      symbol: tick.symbol,
      seq: (previous?.ticker.seq ?? 0) + 1,
      ts: tick.ts,
      bid: tick.bid,
      ask: tick.ask,
      last: tick.last,
      lastSize: tick.lastSize,
      open,
      high,
      low,
      volume,
      change,
      changePct,
    };
    this.states.set(tick.symbol, { ticker, sessionDay: day });
    return ticker;
  }

  /** The latest ticker of `symbol`, if any tick was seen. */
  get(symbol: string): Ticker | undefined {
    return this.states.get(symbol)?.ticker;
  }

  has(symbol: string): boolean {
    return this.states.has(symbol);
  }

  /** Symbols with a known ticker, in insertion order. */
  symbols(): IterableIterator<string> {
    return this.states.keys();
  }

  get size(): number {
    return this.states.size;
  }
}

/** Removes binary floating-point noise from a price difference (10 significant decimals). */
function roundPrice(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}
