import type { BookRecord } from './book-level.js';
import { decimalsOf, isDecimalString, isZeroDecimal } from './decimal-string.js';

/**
 * Why a book record was refused, whole:
 * - `format`: a price or quantity is not a canonical decimal string
 *   (sign, exponent, leading zeros, spaces) — two spellings of one price would
 *   otherwise become two levels;
 * - `decimals`: a price or quantity has another number of decimals than the
 *   symbol's, which its first levels fixed (PROTOCOL.md, "book").
 */
export type BookRejectReason = 'format' | 'decimals';

/** Decimals of a symbol's prices and quantities; unknown until a level shows them. */
export interface BookDecimals {
  readonly price: number | undefined;
  readonly qty: number | undefined;
}

export type BookRecordCheck =
  | { readonly ok: true; readonly decimals: BookDecimals }
  | { readonly ok: false; readonly reason: BookRejectReason };

/**
 * Checks every level of `record` against the symbol's `fixed` decimals and returns
 * the decimals the book has once the record is applied (the first levels of a
 * symbol fix them). A zero quantity removes a level in any form (`"0"`, `"0.000"`),
 * so it is exempt from the quantity decimals. All or nothing: one bad level
 * refuses the record.
 */
export function checkBookRecord(record: BookRecord, fixed: BookDecimals): BookRecordCheck {
  let price = fixed.price;
  let qty = fixed.qty;
  for (const levels of [record.bids, record.asks]) {
    for (const [p, q] of levels) {
      if (!isDecimalString(p) || !isDecimalString(q)) return { ok: false, reason: 'format' };
      const priceDecimals = decimalsOf(p);
      price ??= priceDecimals;
      if (priceDecimals !== price) return { ok: false, reason: 'decimals' };
      if (isZeroDecimal(q)) continue;
      const qtyDecimals = decimalsOf(q);
      qty ??= qtyDecimals;
      if (qtyDecimals !== qty) return { ok: false, reason: 'decimals' };
    }
  }
  return { ok: true, decimals: { price, qty } };
}
