/**
 * What one set of credentials may subscribe to. Without authentication every
 * client gets the anonymous entitlements derived from configuration.
 */
export interface Entitlements {
  /** May subscribe to `"*"` (all symbols, present and future). */
  readonly wildcard: boolean;
  /** May subscribe to this (well-formed, known) symbol. */
  allows(symbol: string): boolean;
}

/** Entitlements of an unauthenticated client: every symbol, and `"*"` only if configured. */
export function anonymousEntitlements(allowWildcard: boolean): Entitlements {
  return { wildcard: allowWildcard, allows: () => true };
}
