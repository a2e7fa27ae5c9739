import type { AuthKeys } from './auth-keys.js';
import type { MetricsToken } from './metrics-token.js';

/** Default of `MAX_CONNECTIONS` (and of `MAX_CONNECTIONS_PER_IP`, which is off unless set). */
export const DEFAULT_MAX_CONNECTIONS = 50_000;

/** Values of `AUTH_MODE`. */
export const AUTH_MODES = ['none', 'apikey', 'jwt'] as const;

/** How clients authenticate at the upgrade. */
export type AuthMode = (typeof AUTH_MODES)[number];

/** Longest connection lifetime that can be configured: 30 days, in ms. */
export const MAX_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/**
 * Authentication and connection limits, read once at boot by `readAuthConfig`
 * (src/config/read-auth-config.ts) with this module's parsers. Key files are
 * read and validated then too, so a bad key fails the boot, not the first connection.
 */
export interface AuthConfig {
  /** `AUTH_MODE`: `none` (anonymous, the demo default), `apikey` or `jwt`. Default `none`. */
  readonly mode: AuthMode;
  /**
   * Verification keys for the mode: hashed API keys from `API_KEYS_FILE` (a JSON
   * file, see docs/security.md) and `API_KEYS` (compact env list), or JWT key
   * material from `JWT_SECRET` (HS256, ≥ 32 bytes), `JWT_PUBLIC_KEY_FILE` (PEM,
   * RS256/ES256) or `JWT_JWKS_FILE` (local JWKS, RS256/ES256). Never logged:
   * it prints as a summary.
   */
  readonly keys: AuthKeys;
  /** `JWT_AUDIENCE`: comma list; the token's `aud` must include one. Default: not checked. */
  readonly jwtAudience: readonly string[];
  /** `JWT_ISSUER`: comma list; the token's `iss` must be one. Default: not checked. */
  readonly jwtIssuer: readonly string[];
  /** `JWT_CLOCK_TOLERANCE_S`: leeway for `exp`/`nbf`, seconds, 0..300. Default 30. */
  readonly jwtClockToleranceS: number;
  /**
   * `ALLOWED_ORIGINS`: comma list of browser origins (`https://app.example.com`)
   * allowed to upgrade; others get 403. Requests without `Origin` are not
   * checked. Default empty: no origin check.
   */
  readonly allowedOrigins: readonly string[];
  /** `MAX_CONNECTIONS`: open WebSocket connections in total; more get 503. Default 50000. */
  readonly maxConnections: number;
  /** `MAX_CONNECTIONS_PER_IP`: open connections per client address; more get 503. Default 50000 (no limit beyond the total). */
  readonly maxConnectionsPerIp: number;
  /**
   * `AUTH_TIMEOUT_MS`: bound on credential verification at the upgrade, in ms;
   * past it the upgrade is refused with 503. Default 2000.
   */
  readonly authTimeoutMs: number;
  /**
   * `MAX_CONNECTION_LIFETIME_MS`: a connection is closed after this long, in ms
   * (1000..30 days), so credentials are re-checked and load rebalances. Default: unlimited.
   */
  readonly maxConnectionLifetimeMs: number | undefined;
  /**
   * `METRICS_TOKEN`: when set, `GET /metrics` requires `Authorization: Bearer
   * <METRICS_TOKEN>` (32..512 characters of `A-Z a-z 0-9 . _ ~ -`); stream
   * credentials do not open it. Independent of `AUTH_MODE`. Default unset:
   * `/metrics` answers whoever reaches the port. Only its SHA-256 is kept.
   */
  readonly metricsToken: MetricsToken | undefined;
}
