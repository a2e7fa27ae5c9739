import type { BookRecord } from '../../market/book-level.js';
import type { MarketFeed } from '../../market/market-feed.js';
import type { RawTick } from '../../market/tick.js';
import type { Trade } from '../../market/trade.js';
import { buildInstrumentUniverse } from './instrument-universe.js';
import { MarketSimulator, type SimulatedQuote } from './market-simulator.js';
import { seededRandom } from './seeded-random.js';
import { DEFAULT_BOOK_LEVELS, SimulatedBook } from './simulated-book.js';
import { SimulatedTrades } from './simulated-trades.js';

/**
 * Mixed into the seed of the books' random numbers: the books draw from a
 * generator of their own, so a seed gives the same ticks whichever feeds are on.
 */
const BOOK_SEED_SALT = 0x5bd1e995;

/** Options of a {@link SimulatedMarket}. */
export interface SimulatedMarketOptions {
  /** Number of instruments. */
  readonly symbols: number;
  /** PRNG seed: the same seed gives the same market. */
  readonly seed: number;
  /** Feeds generated besides ticks (ticks drive the rest and are always there). */
  readonly feeds: readonly MarketFeed[];
  /** Trade id prefix of this run, see `runIdAt`. */
  readonly runId: string;
  /** Levels a side of each book (≥ 1). Default {@link DEFAULT_BOOK_LEVELS}. */
  readonly bookLevels?: number;
  /**
   * A book publishes a snapshot record instead of its next delta once it has
   * published this many deltas since its last snapshot; unset = only the opening one.
   */
  readonly bookSnapshotEvery?: number;
}

/**
 * What one simulator step produced, all of one instrument and one `ts`. Consumers
 * that keep the order below see a consistent market: the book record already has
 * the tick's bid and ask at its touch, and the trade executed there.
 */
export interface MarketStep {
  /** The book record of the step (with the `book` feed): first. */
  readonly book: BookRecord | undefined;
  /** The step's trade (with the `trades` feed): second. */
  readonly trade: Trade | undefined;
  /** The quote and last trade, for the ticker: last. */
  readonly tick: RawTick;
}

/**
 * The simulated market with every feed: random-walk quotes ({@link MarketSimulator}),
 * the trade of each quote and a level-2 book per instrument whose touch is the
 * quote. Pure apart from its seeded random numbers: time is passed in.
 */
export class SimulatedMarket {
  private readonly walk: MarketSimulator;
  private readonly books: Map<string, SimulatedBook> | undefined;
  private readonly trades: SimulatedTrades | undefined;

  constructor(private readonly options: SimulatedMarketOptions) {
    const random = seededRandom(options.seed);
    this.walk = new MarketSimulator(buildInstrumentUniverse(options.symbols, random), random);
    if (options.feeds.includes('book')) {
      const bookRandom = seededRandom((options.seed ^ BOOK_SEED_SALT) >>> 0);
      const levels = options.bookLevels ?? DEFAULT_BOOK_LEVELS;
      this.books = new Map(
        this.walk.instruments.map((i) => [i.symbol, new SimulatedBook(i, levels, bookRandom)]),
      );
    }
    if (options.feeds.includes('trades')) this.trades = new SimulatedTrades(options.runId);
  }

  get symbols(): string[] {
    return this.walk.symbols;
  }

  /** The opening state: per instrument, a book snapshot, an opening trade and a tick. */
  opening(ts: number): MarketStep[] {
    return this.walk.openingQuotes(ts).map((quote) => this.stepOf(quote, true));
  }

  /** Moves one random instrument one step. */
  next(ts: number): MarketStep {
    return this.stepOf(this.walk.step(ts), false);
  }

  private stepOf(quote: SimulatedQuote, opening: boolean): MarketStep {
    const book = this.books?.get(quote.instrument.symbol);
    const every = this.options.bookSnapshotEvery;
    const snapshot = opening || (every !== undefined && (book?.deltasSinceSnapshot ?? 0) >= every);
    return {
      book: book?.step(quote, snapshot),
      trade: this.trades?.tradeOf(quote),
      tick: quote.tick,
    };
  }
}
