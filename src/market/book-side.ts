import type { BookLevel } from './book-level.js';
import { compareDecimals, isZeroDecimal } from './decimal-string.js';

/** Which side of the book: bids rank highest price first, asks lowest first. */
export type BookSideName = 'bids' | 'asks';

/**
 * One side of a level-2 book, kept sorted best first so that the top levels are a
 * slice. A sorted array with binary search beats a tree at the depths books have
 * (hundreds of levels): an insert moves a few pointers, a read allocates nothing.
 *
 * Levels are immutable tuples, replaced on change, so views handed out earlier
 * never change under their holder.
 */
export class BookSide {
  private levels: BookLevel[] = [];
  private readonly direction: 1 | -1;

  constructor(readonly name: BookSideName) {
    this.direction = name === 'asks' ? 1 : -1;
  }

  get size(): number {
    return this.levels.length;
  }

  /**
   * Sets the quantity at `price` (a zero quantity removes the level) and returns the
   * rank (0 = best) the change happened at, or -1 when nothing changed.
   */
  set(price: string, qty: string): number {
    const { index, found } = this.search(price);
    if (isZeroDecimal(qty)) {
      if (!found) return -1;
      this.levels.splice(index, 1);
      return index;
    }
    if (found) {
      if ((this.levels[index] as BookLevel)[1] === qty) return -1;
      this.levels[index] = [price, qty];
    } else {
      this.levels.splice(index, 0, [price, qty]);
    }
    return index;
  }

  /** Replaces every level; a price listed twice takes its last quantity, zeros are left out. */
  replace(levels: readonly BookLevel[]): void {
    const byPrice = new Map<string, string>();
    for (const [price, qty] of levels) byPrice.set(price, qty);
    this.levels = [...byPrice]
      .filter(([, qty]) => !isZeroDecimal(qty))
      .map(([price, qty]): BookLevel => [price, qty])
      .sort((a, b) => this.direction * compareDecimals(a[0], b[0]));
  }

  /** Drops every level beyond the best `n`. */
  truncate(n: number): void {
    if (this.levels.length > n) this.levels.length = Math.max(0, n);
  }

  /** True when a level at `price` exists. */
  has(price: string): boolean {
    return this.search(price).found;
  }

  /** The best `n` levels (fewer when shallower), best first. */
  top(n: number): BookLevel[] {
    return this.levels.slice(0, n);
  }

  /** Orders two prices of this side: negative when `a` ranks better than `b`. */
  rank(a: string, b: string): number {
    return this.direction * compareDecimals(a, b);
  }

  private search(price: string): { index: number; found: boolean } {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.rank((this.levels[mid] as BookLevel)[0], price);
      if (order === 0) return { index: mid, found: true };
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  }
}
