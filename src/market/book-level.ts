/**
 * One price level of a level-2 book: `[price, quantity]`, both decimal strings
 * exactly as the source sent them. The price string is the level's identity.
 */
export type BookLevel = readonly [price: string, qty: string];

/** The depths a `book` subscription may ask for: levels kept per side. */
export const BOOK_DEPTHS = [10, 25, 100] as const;

export type BookDepth = (typeof BOOK_DEPTHS)[number];

/** Depth of a `book` subscription that names none. */
export const DEFAULT_BOOK_DEPTH: BookDepth = 10;

/** The deepest view any subscription can hold; deeper source levels are never sent. */
export const MAX_BOOK_DEPTH: BookDepth = 100;

/** True when `value` is a supported depth. */
export function isBookDepth(value: unknown): value is BookDepth {
  return (BOOK_DEPTHS as readonly unknown[]).includes(value);
}

/** Best-first levels of both sides: bids highest first, asks lowest first. */
export interface BookView {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/**
 * A book record from the source, already decoded. A `snapshot` replaces the book;
 * a `delta` sets each listed level, a zero quantity (`"0"`, `"0.000"`) removing it.
 * Levels need not be sorted; a price listed twice takes its last quantity.
 */
export interface BookRecord extends BookView {
  readonly symbol: string;
  readonly kind: 'snapshot' | 'delta';
  /** The source book's sequence: rises by exactly 1 per record. */
  readonly seq: number;
  /** Source event time, epoch ms. */
  readonly ts: number;
}

/**
 * A `book` snapshot or update entry as the wire carries it (PROTOCOL.md, "book"):
 * a snapshot holds the client's whole view, an update only the levels that changed.
 */
export interface BookEntry extends BookView {
  readonly symbol: string;
  /** The source book's sequence of the latest change included. */
  readonly seq: number;
  /** Source event time of that change, epoch ms. */
  readonly ts: number;
  /** CRC-32 of the client's best 10 levels a side after applying this entry, see `bookChecksum`. */
  readonly checksum: number;
}
