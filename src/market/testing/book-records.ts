import type { BookLevel, BookRecord } from '../book-level.js';

/** Epoch ms the book test records start at. */
export const BOOK_T0 = Date.UTC(2026, 10, 22, 14, 30);

/** A source snapshot record of `XYZ` (or `symbol`), `ts` derived from `seq`. */
export function snapshotRecord(
  seq: number,
  bids: BookLevel[],
  asks: BookLevel[],
  symbol = 'XYZ',
): BookRecord {
  return { symbol, kind: 'snapshot', seq, ts: BOOK_T0 + seq, bids, asks };
}

/** A source delta record of `XYZ` (or `symbol`), `ts` derived from `seq`. */
export function deltaRecord(
  seq: number,
  bids: BookLevel[],
  asks: BookLevel[] = [],
  symbol = 'XYZ',
): BookRecord {
  return { symbol, kind: 'delta', seq, ts: BOOK_T0 + seq, bids, asks };
}

/** `n` levels from `from`, `step` apart (negative for bids), prices with 2 decimals. */
export function ladder(n: number, from: number, step: number, qty = '1.000'): BookLevel[] {
  return Array.from({ length: n }, (_, i): BookLevel => [(from + i * step).toFixed(2), qty]);
}
