// A client's copy of one level-2 book and its checksum, as the contract says a client builds it
// (PROTOCOL.md, "book"): a plain-JS MIRROR of src/market/book-replica.ts, book-side.ts,
// book-checksum.ts and decimal-string.ts for the k6 scripts, which cannot import TypeScript.
// No k6 imports, so Node (Jest) can import it too; test/load-book-mirror.e2e-spec.ts checks it
// against src/market on the contract's test vectors and random books.
import { crc32Utf8 } from './crc32.js';

/** Levels per side covered by the checksum, whatever the subscription's depth. */
export const BOOK_CHECKSUM_LEVELS = 10;

/** True when a canonical decimal string is zero in any form: "0", "0.000". */
export function isZeroDecimal(value) {
  return /^[0.]*$/.test(value);
}

/** Numeric order of two canonical decimal strings (no sign, exponent or leading zeros). */
export function compareDecimals(a, b) {
  const aPoint = pointIndex(a);
  const bPoint = pointIndex(b);
  if (aPoint !== bPoint) return aPoint - bPoint; // a longer integer part is larger
  const aDecimals = Math.max(0, a.length - aPoint - 1);
  const bDecimals = Math.max(0, b.length - bPoint - 1);
  // Pad the shorter fraction with zeros ("1.5" = "1.50"); then text order is numeric order.
  const width = Math.max(aDecimals, bDecimals);
  const x = a.slice(0, aPoint) + a.slice(aPoint + 1).padEnd(width, '0');
  const y = b.slice(0, bPoint) + b.slice(bPoint + 1).padEnd(width, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

function pointIndex(value) {
  const point = value.indexOf('.');
  return point < 0 ? value.length : point;
}

/**
 * The text a checksum covers: the best 10 asks, then the best 10 bids, each `price:qty` with the
 * exact strings sent, levels joined by `,`, the sides by `|`. Levels best first.
 */
export function bookChecksumText(asks, bids) {
  const side = (levels) =>
    levels
      .slice(0, BOOK_CHECKSUM_LEVELS)
      .map(([price, qty]) => `${price}:${qty}`)
      .join(',');
  return `${side(asks)}|${side(bids)}`;
}

/** CRC-32 of {@link bookChecksumText}, unsigned: what the server sends as `checksum`. */
export function bookChecksum(asks, bids) {
  return crc32Utf8(bookChecksumText(asks, bids));
}

/** One side of a book, sorted best first: bids highest price first, asks lowest first. */
class BookSide {
  constructor(name) {
    this.direction = name === 'asks' ? 1 : -1;
    this.levels = [];
  }

  set(price, qty) {
    const { index, found } = this.search(price);
    if (isZeroDecimal(qty)) {
      if (found) this.levels.splice(index, 1);
    } else if (found) {
      this.levels[index] = [price, qty];
    } else {
      this.levels.splice(index, 0, [price, qty]);
    }
  }

  replace(levels) {
    this.levels = [];
    for (const [price, qty] of levels) this.set(price, qty);
  }

  truncate(n) {
    if (this.levels.length > n) this.levels.length = n;
  }

  search(price) {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.direction * compareDecimals(this.levels[mid][0], price);
      if (order === 0) return { index: mid, found: true };
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  }
}

/**
 * One book as a subscriber at `depth` sees it: a snapshot entry replaces it, an update entry sets
 * each level (a zero quantity removes it), then only the best `depth` levels a side are kept.
 * `applySnapshot`/`applyUpdate` return whether the result matches the entry's checksum.
 */
export class BookReplica {
  constructor(depth) {
    this.depth = depth;
    this.bidSide = new BookSide('bids');
    this.askSide = new BookSide('asks');
    this.seq = undefined;
  }

  applySnapshot(entry) {
    this.bidSide.replace(entry.bids);
    this.askSide.replace(entry.asks);
    return this.settle(entry);
  }

  applyUpdate(entry) {
    for (const [price, qty] of entry.bids) this.bidSide.set(price, qty);
    for (const [price, qty] of entry.asks) this.askSide.set(price, qty);
    return this.settle(entry);
  }

  /** Bids, highest first. */
  get bids() {
    return this.bidSide.levels.slice(0, this.depth);
  }

  /** Asks, lowest first. */
  get asks() {
    return this.askSide.levels.slice(0, this.depth);
  }

  checksum() {
    return bookChecksum(this.asks, this.bids);
  }

  settle(entry) {
    this.bidSide.truncate(this.depth);
    this.askSide.truncate(this.depth);
    this.seq = entry.seq;
    return this.checksum() === entry.checksum;
  }
}
