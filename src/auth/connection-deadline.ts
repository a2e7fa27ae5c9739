import type { Principal } from './entitlements.js';

/**
 * When a connection opened at `openedAt` must be closed (epoch ms), or
 * `undefined` for never: the earlier of `MAX_CONNECTION_LIFETIME_MS` after
 * opening and the credential's own expiry (a JWT's `exp`), so a connection
 * never outlives the token that admitted it.
 */
export function connectionDeadline(
  principal: Principal,
  openedAt: number,
  maxLifetimeMs: number | undefined,
): number | undefined {
  const byLifetime = maxLifetimeMs === undefined ? undefined : openedAt + maxLifetimeMs;
  const byCredential = principal.expiresAt;
  if (byLifetime === undefined) return byCredential;
  if (byCredential === undefined) return byLifetime;
  return Math.min(byLifetime, byCredential);
}
