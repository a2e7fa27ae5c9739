import { readFileSync } from 'node:fs';
import {
  duplicateKeyProblems,
  parseApiKeyFile,
  parseApiKeysEnv,
  type ApiKeyRecord,
} from '../auth/api-key.records.js';
import {
  AUTH_MODES,
  DEFAULT_MAX_CONNECTIONS,
  MAX_LIFETIME_MS,
  type AuthConfig,
  type AuthMode,
} from '../auth/auth-config.js';
import { AuthKeys } from '../auth/auth-keys.js';
import type { JwtKeyMaterial } from '../auth/jwt.keys.js';
import { loadJwks, loadPublicKeyPem, loadSecret } from '../auth/jwt.keys.js';
import { MetricsToken } from '../auth/metrics-token.js';
import { normaliseOrigin } from '../auth/origin-policy.js';
import { ConfigError } from './config-error.js';
import { EnvReader } from './env-readers.js';

/** Reads a file named by a variable, as UTF-8 text; injectable for tests. */
export type TextFileReader = (path: string) => string;

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

/**
 * Reads and validates the auth section on its own, for callers that do not
 * fold it into `loadConfig`'s EnvReader.
 *
 * @throws {ConfigError} naming every bad variable.
 */
export function loadAuthConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  readFile?: TextFileReader,
): AuthConfig {
  const read = new EnvReader(env);
  const config = readAuthConfig(read, env, readFile);
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
