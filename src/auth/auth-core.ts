import type { Clock } from '../shared/clock.js';
import { ApiKeyVerifier, type DigestCompare } from './api-key.verifier.js';
import type { AuthConfig } from './auth-config.js';
import type { CredentialVerifier } from './auth-result.js';
import { Authenticator } from './authenticator.js';
import { ConnectionLimiter } from './connection-limiter.js';
import { JwtVerifier } from './jwt.verifier.js';
import { OriginPolicy } from './origin-policy.js';

/** Injection token of the {@link AuthCore}: one per process, shared by the upgrade and REST. */
export const AUTH_CORE = Symbol('AUTH_CORE');

/** What the upgrade path needs: who is connecting, and may one more connect. */
export interface AuthCore {
  readonly config: AuthConfig;
  readonly authenticator: Authenticator;
  readonly limiter: ConnectionLimiter;
}

/** Settings from outside the auth section, and test seams. */
export interface AuthCoreOptions {
  /** `ALLOW_ANONYMOUS_WILDCARD` from `AppConfig`: may anonymous clients use `"*"`. */
  readonly allowAnonymousWildcard: boolean;
  /** Time source for timeouts and token expiry; the system clock by default. */
  readonly clock?: Clock;
  /** Digest comparison for API keys; `crypto.timingSafeEqual` by default. */
  readonly compare?: DigestCompare;
}

/** Builds the authenticator and the connection limiter from a validated {@link AuthConfig}. */
export function createAuthCore(config: AuthConfig, options: AuthCoreOptions): AuthCore {
  return {
    config,
    authenticator: new Authenticator({
      mode: config.mode,
      verifier: verifierFor(config, options),
      origins: new OriginPolicy(config.allowedOrigins),
      timeoutMs: config.authTimeoutMs,
      allowAnonymousWildcard: options.allowAnonymousWildcard,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    limiter: new ConnectionLimiter({
      maxConnections: config.maxConnections,
      maxConnectionsPerIp: config.maxConnectionsPerIp,
    }),
  };
}

function verifierFor(config: AuthConfig, options: AuthCoreOptions): CredentialVerifier | undefined {
  switch (config.mode) {
    case 'none':
      return undefined;
    case 'apikey':
      return new ApiKeyVerifier(config.keys.apiKeys, options.compare);
    case 'jwt':
      return new JwtVerifier(config.keys.jwt, {
        audience: config.jwtAudience,
        issuer: config.jwtIssuer,
        clockToleranceS: config.jwtClockToleranceS,
        ...(options.clock ? { clock: options.clock } : {}),
      });
  }
}
