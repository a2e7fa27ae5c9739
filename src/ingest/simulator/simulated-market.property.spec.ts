import fc from 'fast-check';
import {
  decimalsOf as stringDecimals,
  isDecimalString,
  isZeroDecimal,
} from '../../market/decimal-string.js';
import { OrderBook } from '../../market/order-book.js';
import { buildInstrumentUniverse } from './instrument-universe.js';
import type { Instrument } from './instrument.js';
import { decimalsOf } from './market-simulator.js';
import { seededRandom } from './seeded-random.js';
import { QTY_DECIMALS } from './simulated-book.js';
import { SimulatedMarket, type MarketStep } from './simulated-market.js';

const T0 = Date.UTC(2026, 10, 22, 14, 30);

/** A book as a client rebuilds it from the records: price → quantity per side. */
class Replica {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  left = 0;
  appeared = 0;
}

function bestOf(side: Map<string, string>, pick: (a: number, b: number) => number): number {
  let best: number | undefined;
  for (const price of side.keys())
    best = best === undefined ? Number(price) : pick(best, Number(price));
  return best ?? Number.NaN;
}

/** Throws with `what` unless `ok`: per-step checks without expect()'s cost over many thousand steps. */
function must(ok: boolean, at: string, what: string): void {
  if (!ok) throw new Error(`${at}: expected ${what}`);
}

/** The instruments a market of `symbols` instruments and `seed` has (the universe is deterministic). */
function instrumentsOf(symbols: number, seed: number): Map<string, Instrument> {
  const universe = buildInstrumentUniverse(symbols, seededRandom(seed));
  return new Map(universe.map((i) => [i.symbol, i]));
}

/**
 * Over random seeds, universes and runs, the simulated feeds agree with one another
 * at every step: the book (rebuilt from its records, and by the domain's OrderBook)
 * has the ticker's bid and ask at its touch, the trade is at that touch, every
 * sequence rises by exactly 1, decimals stay fixed, and each side keeps its depth
 * while levels leave and appear.
 */
describe('SimulatedMarket consistency (property)', () => {
  it('book touch = ticker bid/ask, trades at the touch, seq +1, fixed decimals, full depth', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 100, max: 130 }),
        fc.integer({ min: 50, max: 1500 }),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
        (seed, symbols, levels, steps, snapshotEvery) => {
          const market = new SimulatedMarket({
            symbols,
            seed,
            feeds: ['ticks', 'trades', 'book'],
            runId: 'run',
            bookLevels: levels,
            bookSnapshotEvery: snapshotEvery,
          });
          const instruments = instrumentsOf(symbols, seed);
          const replicas = new Map<string, Replica>();
          const books = new Map<string, OrderBook>();
          const bookSeq = new Map<string, number>();
          const tradeSeq = new Map<string, number>();
          let ts = T0;

          const check = (step: MarketStep, opening: boolean): void => {
            const { book, trade, tick } = step;
            const at = `${tick.symbol} book seq ${book?.seq}`;
            const instrument = instruments.get(tick.symbol)!;
            must(book?.symbol === tick.symbol && trade?.symbol === tick.symbol, at, 'one symbol');
            must(book!.ts === tick.ts && trade!.ts === tick.ts, at, 'one ts');

            // seq rises by exactly 1 per symbol, on both feeds; the opening record is a snapshot.
            must(book!.seq === (bookSeq.get(tick.symbol) ?? 0) + 1, at, 'book seq +1');
            bookSeq.set(tick.symbol, book!.seq);
            must(trade!.seq === (tradeSeq.get(tick.symbol) ?? 0) + 1, at, 'trade seq +1');
            tradeSeq.set(tick.symbol, trade!.seq);
            if (opening) must(book!.kind === 'snapshot', at, 'opening snapshot');
            else if (snapshotEvery === undefined) must(book!.kind === 'delta', at, 'then deltas');

            // Fixed decimals: the tick size's for prices, the asset class's for quantities.
            const priceDecimals = decimalsOf(instrument.tickSize);
            const qtyDecimals = QTY_DECIMALS[instrument.assetClass];
            for (const [price, qty] of [...book!.bids, ...book!.asks]) {
              must(isDecimalString(price) && isDecimalString(qty), at, `canonical ${price} ${qty}`);
              must(stringDecimals(price) === priceDecimals, at, `price decimals of ${price}`);
              must(stringDecimals(qty) === qtyDecimals, at, `quantity decimals of ${qty}`);
              must(Number(price) > 0, at, 'positive prices');
            }

            // A client's rebuilt book, and the domain's.
            const replica = replicas.get(tick.symbol) ?? new Replica();
            replicas.set(tick.symbol, replica);
            if (book!.kind === 'snapshot') {
              replica.bids.clear();
              replica.asks.clear();
            }
            for (const [side, levelsOf] of [
              [replica.bids, book!.bids],
              [replica.asks, book!.asks],
            ] as const) {
              for (const [price, qty] of levelsOf) {
                if (isZeroDecimal(qty)) {
                  must(side.delete(price), at, `removes an existing level ${price}`);
                  replica.left++;
                } else {
                  if (!side.has(price) && book!.kind === 'delta') replica.appeared++;
                  side.set(price, qty);
                }
              }
            }
            const orderBook = books.get(tick.symbol) ?? new OrderBook(tick.symbol);
            books.set(tick.symbol, orderBook);
            must(orderBook.apply(book!).kind === 'applied', at, 'the domain applies every record');

            // The touch is the ticker's quote, in both rebuilt books.
            must(bestOf(replica.bids, Math.max) === tick.bid, at, `best bid = ${tick.bid}`);
            must(bestOf(replica.asks, Math.min) === tick.ask, at, `best ask = ${tick.ask}`);
            const top = orderBook.top(100);
            must(Number(top.bids[0]![0]) === tick.bid, at, 'OrderBook best bid');
            must(Number(top.asks[0]![0]) === tick.ask, at, 'OrderBook best ask');
            must(replica.bids.size === levels && replica.asks.size === levels, at, 'full depth');
            must(top.bids.length === 100 && top.asks.length === 100, at, 'depth 100 full');

            // The trade is the tick's last trade, at the touch, in whole lots.
            must(trade!.price === (trade!.side === 'buy' ? tick.ask : tick.bid), at, 'at touch');
            must(trade!.price === tick.last && trade!.size === tick.lastSize, at, 'tick = trade');
            const lots = trade!.size / instrument.lotSize;
            must(Math.abs(lots - Math.round(lots)) < 1e-6 && lots >= 1, at, 'whole lots');
            must(trade!.tradeId === `run-${trade!.seq}`, at, 'trade id');
          };

          for (const step of market.opening(ts)) check(step, true);
          for (let i = 0; i < steps; i++) check(market.next((ts += 1)), false);

          // Levels leave and appear (beyond the touch moving), somewhere in the market.
          const all = [...replicas.values()];
          expect(all.reduce((n, r) => n + r.left, 0)).toBeGreaterThan(0);
          expect(all.reduce((n, r) => n + r.appeared, 0)).toBeGreaterThan(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('levels leave and appear behind the touch too, not only where the quote moves', () => {
    const market = new SimulatedMarket({
      symbols: 1,
      seed: 7,
      feeds: ['book'],
      runId: 'run',
      bookLevels: 120,
    });
    const [opening] = market.opening(T0);
    const bids = new Map(opening!.book!.bids);
    let leftBehind = 0;
    let appearedBehind = 0;
    for (let i = 1; i <= 500; i++) {
      const { book, tick } = market.next(T0 + i);
      for (const [price, qty] of book!.bids) {
        const behind = Number(price) < tick.bid;
        if (isZeroDecimal(qty)) {
          if (behind && Number(price) > bestOf(bids, Math.min)) leftBehind++;
          bids.delete(price);
        } else {
          if (!bids.has(price) && behind) appearedBehind++;
          bids.set(price, qty);
        }
      }
    }
    expect(leftBehind).toBeGreaterThan(10);
    expect(appearedBehind).toBeGreaterThan(10);
  });

  it('gives the same ticks for a seed whichever feeds are on', () => {
    const ticks = (feeds: MarketStep['tick'][] = [], withBook = true): MarketStep['tick'][] => {
      const market = new SimulatedMarket({
        symbols: 30,
        seed: 11,
        feeds: withBook ? ['ticks', 'trades', 'book'] : ['ticks'],
        runId: 'run',
      });
      feeds.push(...market.opening(T0).map((s) => s.tick));
      for (let i = 1; i <= 300; i++) feeds.push(market.next(T0 + i).tick);
      return feeds;
    };
    expect(ticks([], true)).toEqual(ticks([], false));
  });
});
