import { isValidSymbol } from '../market/symbol.js';

/** The pattern that matches every symbol (not the same as the `"*"` subscription right). */
export const MATCH_ALL_PATTERN = '*';

/** Characters a symbol may hold after its first one (PROTOCOL.md's symbol pattern). */
const SYMBOL_TAIL = /^[A-Z0-9._:/-]+$/;

/**
 * Decides whether a symbol is within a set of allowed-symbol patterns. Built
 * once per credential (at load for API keys, once per token for JWTs), so each
 * subscribe check is a set lookup plus a short scan, never a parse.
 */
export interface SymbolMatcher {
  /** True when `symbol` matches at least one pattern. */
  matches(symbol: string): boolean;
  /** True when the patterns include {@link MATCH_ALL_PATTERN}. */
  readonly matchesAll: boolean;
  /** The patterns, normalised (deduplicated, in first-seen order), for logs and docs. */
  readonly patterns: readonly string[];
}

/**
 * Outcome of compiling patterns: a matcher, or every refused pattern by its
 * (0-based) position in the list, e.g. `[2]: at most one "*" is allowed`.
 */
export type CompileResult =
  | { readonly ok: true; readonly matcher: SymbolMatcher }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Compiles allowed-symbol patterns. Accepted forms:
 * - an exact symbol: `AAPL`, `EUR/USD`;
 * - a prefix: `FX:*`, `EUR/*` (the symbol starts with the text before `*`);
 * - a suffix: `*-USD` (the symbol ends with the text after `*`);
 * - `*` alone: every symbol.
 *
 * Anything else (lower case, `*` in the middle, two `*`, empty) is refused, so a
 * typo in an entitlement fails loudly at load instead of silently granting nothing.
 */
export function compileSymbolPatterns(patterns: readonly string[]): CompileResult {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  let matchesAll = false;

  for (const [index, pattern] of patterns.entries()) {
    if (seen.has(pattern)) continue;
    seen.add(pattern);
    const kind = classify(pattern);
    if (kind === 'all') matchesAll = true;
    else if (kind === 'exact') exact.add(pattern);
    else if (kind === 'prefix') prefixes.push(pattern.slice(0, -1));
    else if (kind === 'suffix') suffixes.push(pattern.slice(1));
    // By position, never quoted: in a mistyped key list a "pattern" may be a misplaced key.
    else problems.push(`[${index}]: ${kind.problem}`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const normalised = [...seen];
  const matcher: SymbolMatcher = {
    matchesAll,
    patterns: normalised,
    matches: (symbol) =>
      matchesAll ||
      exact.has(symbol) ||
      prefixes.some((p) => symbol.startsWith(p)) ||
      suffixes.some((s) => symbol.endsWith(s)),
  };
  return { ok: true, matcher };
}

type PatternKind = 'all' | 'exact' | 'prefix' | 'suffix' | { readonly problem: string };

function classify(pattern: string): PatternKind {
  if (pattern === MATCH_ALL_PATTERN) return 'all';
  const stars = pattern.split('*').length - 1;
  if (stars === 0) {
    return isValidSymbol(pattern) ? 'exact' : { problem: 'not a valid symbol (upper case)' };
  }
  if (stars > 1) return { problem: 'at most one "*" is allowed' };
  if (pattern.endsWith('*')) {
    // A prefix must itself be the start of a valid symbol, e.g. "FX:" or "EUR/".
    return isValidSymbol(pattern.slice(0, -1)) ? 'prefix' : { problem: 'invalid prefix' };
  }
  if (pattern.startsWith('*')) {
    return SYMBOL_TAIL.test(pattern.slice(1)) ? 'suffix' : { problem: 'invalid suffix' };
  }
  return { problem: '"*" may only start or end a pattern' };
}
