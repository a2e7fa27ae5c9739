/**
 * Decimal strings as exchanges send prices and quantities: `"101.50"`, `"0.000"`.
 * They are compared exactly, digit by digit, and never turned into numbers and
 * back, so the server passes them through unchanged (PROTOCOL.md, "book").
 */

/**
 * A canonical non-negative decimal: no sign, no exponent, no leading zeros, digits
 * on both sides of an optional point. With a fixed number of decimals per symbol,
 * two canonical strings are numerically equal exactly when they are equal.
 */
export const DECIMAL_PATTERN = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/** True when `value` is a canonical decimal string, see {@link DECIMAL_PATTERN}. */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

/** Digits after the point: `"101.50"` → 2, `"7"` → 0. */
export function decimalsOf(value: string): number {
  const point = value.indexOf('.');
  return point < 0 ? 0 : value.length - point - 1;
}

/** True when a canonical decimal is zero in any form: `"0"`, `"0.000"`. */
export function isZeroDecimal(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x30 /* 0 */ && c !== 0x2e /* . */) return false;
  }
  return true;
}

/** Zero written with `decimals` digits after the point: 0 → `"0"`, 3 → `"0.000"`. */
export function zeroWithDecimals(decimals: number): string {
  return decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
}

/**
 * Numeric order of two canonical decimals, exact at any length: negative when
 * `a < b`, 0 when equal, positive when `a > b`. Allocates nothing (it runs inside
 * the book's binary searches).
 */
export function compareDecimals(a: string, b: string): number {
  const aPoint = pointIndex(a);
  const bPoint = pointIndex(b);
  // Without leading zeros, a longer integer part is a larger number.
  if (aPoint !== bPoint) return aPoint - bPoint;
  // Same layout (the usual case: a symbol's decimals are fixed): text order is numeric order.
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < aPoint; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  const aDecimals = Math.max(0, a.length - aPoint - 1);
  const bDecimals = Math.max(0, b.length - bPoint - 1);
  for (let i = 1; i <= Math.max(aDecimals, bDecimals); i++) {
    // A missing fractional digit counts as 0 ("1.5" = "1.50").
    const d =
      (i <= aDecimals ? a.charCodeAt(aPoint + i) : 0x30) -
      (i <= bDecimals ? b.charCodeAt(bPoint + i) : 0x30);
    if (d !== 0) return d;
  }
  return 0;
}

function pointIndex(value: string): number {
  const point = value.indexOf('.');
  return point < 0 ? value.length : point;
}
