import type { JWTPayload } from 'jose';
import { compileEntitlements, type Principal } from './entitlements.js';
import { parseGrant } from './grant-parser.js';

/** Longest `sub` accepted; it becomes the principal id in logs and limits. */
export const MAX_SUBJECT_LENGTH = 256;

/**
 * The entitlement claims a token carries, beside the registered ones
 * (`sub` required, `exp` required, `nbf`/`aud`/`iss` checked when present or configured):
 * - `symbols`: non-empty array of allowed-symbol patterns (`"AAPL"`, `"FX:*"`, `"*-USD"`, `"*"`);
 * - `wildcard`: boolean, may subscribe to `"*"` (requires `"*"` in `symbols`); default false;
 * - `maxSymbols`: integer 1..100000, narrows the server's `MAX_SYMBOLS`;
 * - `maxConnections`: integer 1..1000000, connections this `sub` may hold at once.
 */
export interface EntitlementClaims {
  readonly symbols: readonly string[];
  readonly wildcard?: boolean;
  readonly maxSymbols?: number;
  readonly maxConnections?: number;
}

/** The principal named by verified claims, or `undefined` when the claims are unusable. */
export function principalFromClaims(payload: JWTPayload): Principal | undefined {
  const { sub, exp } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH) {
    return undefined;
  }
  const grant = parseGrant(payload);
  if (!grant.ok) return undefined;
  const compiled = compileEntitlements(grant.grant);
  if (!compiled.ok) return undefined;
  return {
    id: sub,
    kind: 'jwt',
    entitlements: compiled.entitlements,
    ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}),
  };
}
