/** A symbol as accepted on the wire: upper case, 1..32 characters (PROTOCOL.md). */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9._:/-]{0,31}$/;

/** The subscription that means "all symbols, present and future". */
export const WILDCARD_SYMBOL = '*';

/** True when `value` is a well-formed symbol. Lower case is refused, never upper-cased. */
export function isValidSymbol(value: unknown): value is string {
  return typeof value === 'string' && SYMBOL_PATTERN.test(value);
}
