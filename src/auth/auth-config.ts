import { readFileSync } from 'node:fs';
import type { EnvReader } from '../config/env-readers.js';
import {
  duplicateKeyProblems,
  parseApiKeyFile,
  parseApiKeysEnv,
  type ApiKeyRecord,
} from './api-key.records.js';
import { AuthKeys } from './auth-keys.js';
import type { JwtKeyMaterial } from './jwt.keys.js';
import { loadJwks, loadPublicKeyPem, loadSecret } from './jwt.keys.js';
import { MetricsToken } from './metrics-token.js';
import { normaliseOrigin } from './origin-policy.js';

/** Values of `AUTH_MODE`. */
/** Default of `MAX_CONNECTIONS` (and of `MAX_CONNECTIONS_PER_IP`, which is off unless set). */
export const DEFAULT_MAX_CONNECTIONS = 50_000;

export const AUTH_MODES = ['none', 'apikey', 'jwt'] as const;

/** How clients authenticate at the upgrade. */
export type AuthMode = (typeof AUTH_MODES)[number];

/** Reads a file named by a variable, as UTF-8 text; injectable for tests. */
export type TextFileReader = (path: string) => string;

/** Longest connection lifetime that can be configured: 30 days, in ms. */
const MAX_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/**
 * Authentication and connection limits, read once at boot by
 * {@link readAuthConfig}. Key files are read and validated then too, so a bad
 * key fails the boot, not the first connection.
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

/**
 * Reads the auth section of the environment into `read`'s problem list, so one
 * failed boot names every bad variable — including cross-field problems
 * (`AUTH_MODE=apikey` without keys, `jwt` without key material) and the
 * contents of the key files. Problems about credentials name the variable and
 * a position (`API_KEYS: entry 2: attribute 1`, `API_KEYS_FILE: keys[0]`),
 * never a value — not a key, an id, a pattern or a file path, any of which may
 * be a secret pasted in the wrong place.
 */
export function readAuthConfig(
  read: EnvReader,
  env: Readonly<Record<string, string | undefined>>,
  readFile: TextFileReader = (path) => readFileSync(path, 'utf8'),
): AuthConfig {
  const mode = read.oneOf('AUTH_MODE', 'none', AUTH_MODES);
  const text = (name: string): string | undefined => env[name]?.trim() || undefined;

  return {
    mode,
    keys: readKeys(mode, read, text, readFile),
    jwtAudience: read.list('JWT_AUDIENCE') ?? [],
    jwtIssuer: read.list('JWT_ISSUER') ?? [],
    jwtClockToleranceS: read.int('JWT_CLOCK_TOLERANCE_S', 30, 0, 300),
    allowedOrigins: readOrigins(read),
    maxConnections: read.int('MAX_CONNECTIONS', DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
    // Off by default: behind a proxy or in a loopback load test every client shares one address.
    maxConnectionsPerIp: read.int('MAX_CONNECTIONS_PER_IP', DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
    authTimeoutMs: read.int('AUTH_TIMEOUT_MS', 2000, 10, 60_000),
    maxConnectionLifetimeMs: read.optionalInt('MAX_CONNECTION_LIFETIME_MS', 1000, MAX_LIFETIME_MS),
    metricsToken: readMetricsToken(read, text),
  };
}

function readMetricsToken(
  read: EnvReader,
  text: (name: string) => string | undefined,
): MetricsToken | undefined {
  const value = text('METRICS_TOKEN');
  if (value === undefined) return undefined;
  const token = MetricsToken.parse(value);
  if (token instanceof MetricsToken) return token;
  read.fail(`METRICS_TOKEN: ${token.problem}`); // the value itself is never quoted
  return undefined;
}

const API_KEY_VARS = ['API_KEYS_FILE', 'API_KEYS'] as const;
const JWT_KEY_VARS = ['JWT_SECRET', 'JWT_PUBLIC_KEY_FILE', 'JWT_JWKS_FILE'] as const;

function readKeys(
  mode: AuthMode,
  read: EnvReader,
  text: (name: string) => string | undefined,
  readFile: TextFileReader,
): AuthKeys {
  if (mode === 'apikey') return new AuthKeys(readApiKeys(read, text, readFile), {});
  if (mode === 'jwt') return new AuthKeys([], readJwtKeys(read, text, readFile));
  // Key material with AUTH_MODE left at `none` means the operator believes the
  // service is protected while it is open to everyone: refuse to boot.
  for (const name of [...API_KEY_VARS, ...JWT_KEY_VARS]) {
    if (text(name) !== undefined) {
      read.fail(`${name} is set but AUTH_MODE=none: set AUTH_MODE (apikey or jwt) or unset it`);
    }
  }
  return new AuthKeys([], {});
}

function readApiKeys(
  read: EnvReader,
  text: (name: string) => string | undefined,
  readFile: TextFileReader,
): ApiKeyRecord[] {
  const problemsBefore = read.problems.length;
  const path = text('API_KEYS_FILE');
  const entries = read.list('API_KEYS');
  if (path === undefined && entries === undefined) {
    read.fail('AUTH_MODE=apikey needs API_KEYS_FILE or API_KEYS');
    return [];
  }
  const records: ApiKeyRecord[] = [];
  if (path !== undefined) {
    const content = readText('API_KEYS_FILE', path, read, readFile);
    if (content !== undefined) {
      const parsed = parseApiKeyFile(content);
      parsed.problems.forEach((p) => read.fail(`API_KEYS_FILE: ${p}`));
      records.push(...parsed.records);
    }
  }
  if (entries !== undefined) {
    const parsed = parseApiKeysEnv(entries);
    parsed.problems.forEach((p) => read.fail(`API_KEYS: ${p}`));
    records.push(...parsed.records);
  }
  duplicateKeyProblems(records).forEach((p) => read.fail(p));
  if (records.length === 0 && read.problems.length === problemsBefore) {
    read.fail('AUTH_MODE=apikey: API_KEYS_FILE/API_KEYS hold no keys');
  }
  return records;
}

function readJwtKeys(
  read: EnvReader,
  text: (name: string) => string | undefined,
  readFile: TextFileReader,
): JwtKeyMaterial {
  const secret = text('JWT_SECRET');
  const pemPath = text('JWT_PUBLIC_KEY_FILE');
  const jwksPath = text('JWT_JWKS_FILE');
  if (secret === undefined && pemPath === undefined && jwksPath === undefined) {
    read.fail('AUTH_MODE=jwt needs JWT_SECRET, JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE');
    return {};
  }
  if (pemPath !== undefined && jwksPath !== undefined) {
    read.fail('JWT_PUBLIC_KEY_FILE and JWT_JWKS_FILE are both set: give one');
  }
  const keys: { -readonly [K in keyof JwtKeyMaterial]: JwtKeyMaterial[K] } = {};
  if (secret !== undefined) {
    const loaded = loadSecret(secret);
    if (loaded.ok) keys.secret = loaded.value;
    else read.fail(`JWT_SECRET: ${loaded.problem}`); // the value itself is never quoted
  }
  const pem = pemPath && readText('JWT_PUBLIC_KEY_FILE', pemPath, read, readFile);
  if (pem) {
    const loaded = loadPublicKeyPem(pem);
    if (loaded.ok) keys.publicKey = loaded.value;
    else read.fail(`JWT_PUBLIC_KEY_FILE: ${loaded.problem}`);
  }
  const jwks = jwksPath && readText('JWT_JWKS_FILE', jwksPath, read, readFile);
  if (jwks) {
    const loaded = loadJwks(jwks);
    if (loaded.ok) keys.jwks = loaded.value;
    else read.fail(`JWT_JWKS_FILE: ${loaded.problem}`);
  }
  return keys;
}

function readText(
  name: string,
  path: string,
  read: EnvReader,
  readFile: TextFileReader,
): string | undefined {
  try {
    return readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // The path is not quoted: a key pasted where its file's path belongs would be printed.
    read.fail(`${name}: cannot read the file it names (${code})`);
    return undefined;
  }
}

function readOrigins(read: EnvReader): string[] {
  const origins: string[] = [];
  for (const value of read.list('ALLOWED_ORIGINS') ?? []) {
    const origin = normaliseOrigin(value);
    if (origin === undefined) {
      read.fail(`ALLOWED_ORIGINS: "${value}" is not an origin like https://app.example.com`);
    } else {
      origins.push(origin);
    }
  }
  return origins;
}
