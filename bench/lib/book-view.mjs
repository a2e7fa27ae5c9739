// @ts-check
// The book feeder's own replica of each source book, written independently of the
// service's OrderBook: it only answers "did this record change the best `depth` levels
// of a side (price or quantity)?" — the view a `book` subscriber at that depth holds, and
// the only changes the protocol sends ("No entry is sent when the view did not change").
// The bench counts the changes it expects clients to see from it.

/**
 * One side, best first: prices as numbers (for ordering) and the level strings as sent.
 */
class Side {
  /** @param {1 | -1} sign  +1 for asks (ascending), −1 for bids (descending) */
  constructor(sign) {
    this.sign = sign;
    /** @type {number[]} sign × price, ascending */
    this.keys = [];
    /** @type {string[]} */
    this.prices = [];
    /** @type {string[]} */
    this.qtys = [];
  }

  /** Index of the first key ≥ `key` (binary search). @param {number} key */
  #find(key) {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Sets one level (a zero quantity removes it); returns the rank (0 = best) at which the
   * side changed, or Infinity when it did not change.
   * @param {string} price
   * @param {string} qty
   */
  set(price, qty) {
    const key = this.sign * Number(price);
    const i = this.#find(key);
    const present = i < this.keys.length && this.prices[i] === price;
    if (Number(qty) === 0) {
      if (!present) return Infinity;
      this.keys.splice(i, 1);
      this.prices.splice(i, 1);
      this.qtys.splice(i, 1);
      return i;
    }
    if (present) {
      if (this.qtys[i] === qty) return Infinity;
      this.qtys[i] = qty;
      return i;
    }
    this.keys.splice(i, 0, key);
    this.prices.splice(i, 0, price);
    this.qtys.splice(i, 0, qty);
    return i;
  }

  /**
   * Replaces the side; returns the first rank whose level differs, or Infinity.
   * @param {readonly (readonly [string, string])[]} levels
   */
  replace(levels) {
    const before = { prices: this.prices, qtys: this.qtys };
    /** @type {Map<string, string>} a price listed twice keeps its last quantity */
    const byPrice = new Map();
    for (const [price, qty] of levels) byPrice.set(price, qty);
    const sorted = [...byPrice]
      .filter(([, qty]) => Number(qty) !== 0)
      .map(([price, qty]) => ({ key: this.sign * Number(price), price, qty }))
      .sort((a, b) => a.key - b.key);
    this.keys = sorted.map((l) => l.key);
    this.prices = sorted.map((l) => l.price);
    this.qtys = sorted.map((l) => l.qty);
    const n = Math.max(before.prices.length, this.prices.length);
    for (let i = 0; i < n; i++) {
      if (before.prices[i] !== this.prices[i] || before.qtys[i] !== this.qtys[i]) return i;
    }
    return Infinity;
  }
}

/** Replicas of every book, fed with the records as published. */
export class BookViews {
  /** @param {number} depth  levels a side of the subscribers' view (10, 25 or 100) */
  constructor(depth) {
    this.depth = depth;
    /** @type {Map<string, { bids: Side, asks: Side }>} */
    this.books = new Map();
  }

  /**
   * Applies a source record; true when it changed the best `depth` levels of a side.
   * Records are applied in order and never skipped (the feeder produced them), so `seq`
   * needs no checking here.
   * @param {{ symbol: string, kind: 'snapshot' | 'delta', bids: readonly (readonly [string, string])[], asks: readonly (readonly [string, string])[] }} record
   */
  apply(record) {
    let book = this.books.get(record.symbol);
    if (!book) this.books.set(record.symbol, (book = { bids: new Side(-1), asks: new Side(1) }));
    let rank = Infinity;
    if (record.kind === 'snapshot') {
      rank = Math.min(book.bids.replace(record.bids), book.asks.replace(record.asks));
    } else {
      for (const [price, qty] of record.bids) rank = Math.min(rank, book.bids.set(price, qty));
      for (const [price, qty] of record.asks) rank = Math.min(rank, book.asks.set(price, qty));
    }
    return rank < this.depth;
  }

  /**
   * The best `depth` levels a side (for tests).
   * @param {string} symbol
   */
  view(symbol) {
    const book = this.books.get(symbol);
    /** @param {Side | undefined} side */
    const top = (side) => (side ? side.prices.slice(0, this.depth).map((p, i) => [p, side.qtys[i]]) : []);
    return { bids: top(book?.bids), asks: top(book?.asks) };
  }
}
