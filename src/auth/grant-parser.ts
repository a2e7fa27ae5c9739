import type { EntitlementGrant } from './entitlements.js';

/** Largest `maxSymbols` a credential may carry (the server's `MAX_SYMBOLS` range). */
export const MAX_GRANT_SYMBOLS = 100_000;
/** Largest `maxConnections` a credential may carry. */
export const MAX_GRANT_CONNECTIONS = 1_000_000;
/** Patterns one credential may list; bounds the work of one token's compile. */
export const MAX_GRANT_PATTERNS = 10_000;

/** Outcome of reading a grant from untrusted JSON: the grant, or each field's problem. */
export type GrantParseResult =
  | { readonly ok: true; readonly grant: EntitlementGrant }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads the entitlement fields shared by API key records and JWT claims:
 * `symbols` (non-empty array of patterns, required; `["*"]` for all), `wildcard` (boolean, default false),
 * `maxSymbols` and `maxConnections` (positive integers, optional). Types are
 * never coerced: `"maxSymbols":"10"` is a problem, not 10.
 */
export function parseGrant(source: Readonly<Record<string, unknown>>): GrantParseResult {
  const problems: string[] = [];
  const { symbols, wildcard, maxSymbols, maxConnections } = source;

  if (
    !Array.isArray(symbols) ||
    symbols.length === 0 ||
    symbols.length > MAX_GRANT_PATTERNS ||
    !symbols.every((s): s is string => typeof s === 'string')
  ) {
    problems.push(`symbols: expected an array of 1..${MAX_GRANT_PATTERNS} pattern strings`);
  }
  if (wildcard !== undefined && typeof wildcard !== 'boolean') {
    problems.push('wildcard: expected true or false');
  }
  checkCount('maxSymbols', maxSymbols, MAX_GRANT_SYMBOLS, problems);
  checkCount('maxConnections', maxConnections, MAX_GRANT_CONNECTIONS, problems);
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    grant: {
      symbols: symbols as string[],
      wildcard: wildcard === true,
      ...(maxSymbols === undefined ? {} : { maxSymbols: maxSymbols as number }),
      ...(maxConnections === undefined ? {} : { maxConnections: maxConnections as number }),
    },
  };
}

function checkCount(field: string, value: unknown, max: number, problems: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    problems.push(`${field}: expected an integer in 1..${max}`);
  }
}
