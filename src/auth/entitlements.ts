import { compileSymbolPatterns } from './symbol-pattern.js';

/**
 * What one set of credentials may subscribe to (and read over REST). Without
 * authentication every client gets the anonymous entitlements derived from configuration.
 */
export interface Entitlements {
  /** May subscribe to `"*"` (all symbols, present and future). */
  readonly wildcard: boolean;
  /** May subscribe to this (well-formed, known) symbol. */
  allows(symbol: string): boolean;
}

/** How a connection proved who it is. */
export type PrincipalKind = 'anonymous' | 'apikey' | 'jwt';

/**
 * {@link Entitlements} plus the per-credential limits, so a
 * `PrincipalEntitlements` can be passed wherever an `Entitlements` is expected.
 */
export interface PrincipalEntitlements extends Entitlements {
  /**
   * Symbols one connection of this principal may hold. Narrows, never widens,
   * the server's `MAX_SYMBOLS`: the effective cap is the smaller of the two.
   * `undefined`: the server's cap alone.
   */
  readonly maxSymbols?: number;
  /** Connections this principal may hold open at once; `undefined`: no per-principal cap. */
  readonly maxConnections?: number;
  /** The allowed-symbol patterns, for logs and diagnostics (never secret). */
  readonly patterns: readonly string[];
}

/** Who is connected and what they may see, as decided at the upgrade. */
export interface Principal {
  /** Stable id: the API key's `id`, the token's `sub`, or `anonymous`. Safe to log. */
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly entitlements: PrincipalEntitlements;
  /** Epoch ms after which the credential is no longer valid (a JWT's `exp`), if any. */
  readonly expiresAt?: number;
}

/** Entitlements as written in an API key record or a token's claims, before compiling. */
export interface EntitlementGrant {
  /** Allowed-symbol patterns (see `compileSymbolPatterns`). */
  readonly symbols: readonly string[];
  /** May subscribe to `"*"`; only valid together with the `*` pattern. */
  readonly wildcard: boolean;
  readonly maxSymbols?: number;
  readonly maxConnections?: number;
}

/** Outcome of compiling a grant: the entitlements, or what is wrong with it. */
export type EntitlementsResult =
  | { readonly ok: true; readonly entitlements: PrincipalEntitlements }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Compiles a grant once into entitlements whose `allows` is a cheap lookup.
 *
 * `wildcard` without the `*` pattern is refused: a `"*"` subscription delivers
 * every symbol, so granting it to a credential limited to `FX:*` would leak
 * everything else.
 */
export function compileEntitlements(grant: EntitlementGrant): EntitlementsResult {
  const compiled = compileSymbolPatterns(grant.symbols);
  if (!compiled.ok) return { ok: false, problems: compiled.problems };
  const { matcher } = compiled;
  if (grant.wildcard && !matcher.matchesAll) {
    return { ok: false, problems: ['wildcard requires the "*" symbol pattern'] };
  }
  const entitlements: PrincipalEntitlements = {
    wildcard: grant.wildcard,
    allows: (symbol) => matcher.matches(symbol),
    patterns: matcher.patterns,
    ...(grant.maxSymbols === undefined ? {} : { maxSymbols: grant.maxSymbols }),
    ...(grant.maxConnections === undefined ? {} : { maxConnections: grant.maxConnections }),
  };
  return { ok: true, entitlements };
}

/** The principal of every connection when `AUTH_MODE=none`: all symbols, `"*"` if configured. */
export function anonymousPrincipal(allowWildcard: boolean): Principal {
  return {
    id: 'anonymous',
    kind: 'anonymous',
    entitlements: { wildcard: allowWildcard, allows: () => true, patterns: ['*'] },
  };
}

/** The symbol cap of one connection: the server's, narrowed by the principal's. */
export function effectiveMaxSymbols(principal: Principal, serverMaxSymbols: number): number {
  const own = principal.entitlements.maxSymbols;
  return own === undefined ? serverMaxSymbols : Math.min(own, serverMaxSymbols);
}
