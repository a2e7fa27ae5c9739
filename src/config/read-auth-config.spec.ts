import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { AuthConfig } from '../auth/auth-config.js';
import { TEST_SECRET, testKeyPair } from '../auth/testing/jwt-fixtures.js';
import { EnvReader } from './env-readers.js';
import { readAuthConfig } from './read-auth-config.js';
import { fakeFiles } from './testing/fake-files.js';

const KEY = 'plain-key-0123456789';
const rsa = testKeyPair('rsa');

function read(
  env: Record<string, string>,
  files: Record<string, string> = {},
): { config: AuthConfig; problems: string[] } {
  const reader = new EnvReader(env);
  const config = readAuthConfig(reader, env, fakeFiles(files));
  return { config, problems: reader.problems };
}

describe('readAuthConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const { config, problems } = read({});
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      mode: 'none',
      jwtAudience: [],
      jwtIssuer: [],
      jwtClockToleranceS: 30,
      allowedOrigins: [],
      maxConnections: 50_000,
      maxConnectionsPerIp: 50_000,
      authTimeoutMs: 2000,
      maxConnectionLifetimeMs: undefined,
    });
    expect(config.keys.summary()).toEqual({ apiKeys: 0, jwtAlgorithms: [] });
  });

  it('reads every limit and list', () => {
    const { config, problems } = read({
      ALLOWED_ORIGINS: 'https://App.example.com, http://localhost:3000/',
      MAX_CONNECTIONS: '500',
      MAX_CONNECTIONS_PER_IP: '5',
      AUTH_TIMEOUT_MS: '250',
      MAX_CONNECTION_LIFETIME_MS: '3600000',
      JWT_CLOCK_TOLERANCE_S: '0',
    });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      maxConnections: 500,
      maxConnectionsPerIp: 5,
      authTimeoutMs: 250,
      maxConnectionLifetimeMs: 3_600_000,
      jwtClockToleranceS: 0,
    });
  });

  it('names each bad variable', () => {
    const { problems } = read({
      AUTH_MODE: 'oauth',
      MAX_CONNECTIONS: '0',
      MAX_CONNECTIONS_PER_IP: 'many',
      AUTH_TIMEOUT_MS: '5',
      MAX_CONNECTION_LIFETIME_MS: '10',
      JWT_CLOCK_TOLERANCE_S: '3600',
      ALLOWED_ORIGINS: '*,https://ok.example.com,https://x.example.com/path',
    });
    expect(problems).toEqual([
      'AUTH_MODE="oauth": expected one of none, apikey, jwt',
      'JWT_CLOCK_TOLERANCE_S="3600": expected an integer in 0..300',
      'ALLOWED_ORIGINS: "*" is not an origin like https://app.example.com',
      'ALLOWED_ORIGINS: "https://x.example.com/path" is not an origin like https://app.example.com',
      'MAX_CONNECTIONS="0": expected an integer in 1..1000000',
      'MAX_CONNECTIONS_PER_IP="many": expected an integer in 1..1000000',
      'AUTH_TIMEOUT_MS="5": expected an integer in 10..60000',
      'MAX_CONNECTION_LIFETIME_MS="10": expected an integer in 1000..2592000000',
    ]);
  });

  describe('apikey mode', () => {
    it('loads keys from the file and the environment together', () => {
      const file = JSON.stringify({
        keys: [
          {
            id: 'file-key',
            sha256: createHash('sha256').update('k').digest('hex'),
            symbols: ['*'],
          },
        ],
      });
      const { config, problems } = read(
        {
          AUTH_MODE: 'apikey',
          API_KEYS_FILE: '/etc/keys.json',
          API_KEYS: `env-key=${KEY};symbols=AAPL`,
        },
        { '/etc/keys.json': file },
      );
      expect(problems).toEqual([]);
      expect(config.keys.apiKeys.map((r) => r.id)).toEqual(['file-key', 'env-key']);
    });

    it('refuses apikey mode without keys', () => {
      expect(read({ AUTH_MODE: 'apikey' }).problems).toEqual([
        'AUTH_MODE=apikey needs API_KEYS_FILE or API_KEYS',
      ]);
      expect(
        read({ AUTH_MODE: 'apikey', API_KEYS_FILE: '/k' }, { '/k': '{"keys":[]}' }).problems,
      ).toEqual(['AUTH_MODE=apikey: API_KEYS_FILE/API_KEYS hold no keys']);
    });

    it('names the file and the record, never the key', () => {
      const { problems } = read(
        { AUTH_MODE: 'apikey', API_KEYS_FILE: '/k', API_KEYS: `a=${KEY}` },
        { '/k': JSON.stringify({ keys: [{ id: 'a', key: KEY, symbols: ['bad pattern'] }] }) },
      );
      expect(problems).toEqual([
        'API_KEYS_FILE: keys[0]: symbols[0]: not a valid symbol (upper case)',
        'API_KEYS: entry 1: symbols: expected an array of 1..10000 pattern strings',
      ]);
      expect(problems.join('\n')).not.toContain(KEY);
    });

    it('reports an unreadable file and keys clashing across sources', () => {
      expect(read({ AUTH_MODE: 'apikey', API_KEYS_FILE: '/missing' }).problems).toEqual([
        'API_KEYS_FILE: cannot read the file it names (ENOENT)',
      ]);
      const { problems } = read({
        AUTH_MODE: 'apikey',
        API_KEYS: `a=${KEY};symbols=*,b=${KEY};symbols=*`,
      });
      expect(problems).toEqual(['API_KEYS entry 2: same key as API_KEYS entry 1']);
    });
  });

  describe('jwt mode', () => {
    it('loads a secret, a PEM key or a JWKS file, with aud/iss lists', () => {
      const withSecret = read({
        AUTH_MODE: 'jwt',
        JWT_SECRET: TEST_SECRET,
        JWT_AUDIENCE: 'tickstream,tickstream-staging',
        JWT_ISSUER: 'https://idp.example.com',
      });
      expect(withSecret.problems).toEqual([]);
      expect(withSecret.config).toMatchObject({
        jwtAudience: ['tickstream', 'tickstream-staging'],
        jwtIssuer: ['https://idp.example.com'],
      });
      expect(withSecret.config.keys.summary().jwtAlgorithms).toEqual(['HS256']);

      const withPem = read(
        { AUTH_MODE: 'jwt', JWT_PUBLIC_KEY_FILE: '/k.pem' },
        { '/k.pem': rsa.publicPem },
      );
      expect(withPem.config.keys.summary().jwtAlgorithms).toEqual(['RS256']);

      const jwks = JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] });
      const withJwks = read(
        { AUTH_MODE: 'jwt', JWT_JWKS_FILE: '/jwks.json' },
        { '/jwks.json': jwks },
      );
      expect(withJwks.problems).toEqual([]);
      expect(withJwks.config.keys.summary().jwtAlgorithms).toEqual(['RS256']);
    });

    it('refuses jwt mode without key material, and both PEM and JWKS', () => {
      expect(read({ AUTH_MODE: 'jwt' }).problems).toEqual([
        'AUTH_MODE=jwt needs JWT_SECRET, JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE',
      ]);
      const both = read(
        { AUTH_MODE: 'jwt', JWT_PUBLIC_KEY_FILE: '/a', JWT_JWKS_FILE: '/b' },
        {
          '/a': rsa.publicPem,
          '/b': JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] }),
        },
      );
      expect(both.problems).toEqual([
        'JWT_PUBLIC_KEY_FILE and JWT_JWKS_FILE are both set: give one',
      ]);
    });

    it('never quotes a file variable, which may hold a pasted key instead of a path', () => {
      const pasted =
        '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
      const jwt = read({ AUTH_MODE: 'jwt', JWT_PUBLIC_KEY_FILE: pasted, JWT_SECRET: TEST_SECRET });
      expect(jwt.problems).toEqual(['JWT_PUBLIC_KEY_FILE: cannot read the file it names (ENOENT)']);
      const apikey = read({ AUTH_MODE: 'apikey', API_KEYS_FILE: `{"keys":[{"key":"${KEY}"}]}` });
      expect(apikey.problems.join('\n')).not.toContain(KEY);
      expect(jwt.problems.join('\n')).not.toContain('MIIE');
    });

    it('refuses a short secret without quoting it, and bad key files naming the variable', () => {
      const { problems } = read(
        { AUTH_MODE: 'jwt', JWT_SECRET: 'short-secret', JWT_PUBLIC_KEY_FILE: '/k.pem' },
        { '/k.pem': 'garbage' },
      );
      expect(problems).toEqual([
        'JWT_SECRET: must be at least 32 bytes',
        'JWT_PUBLIC_KEY_FILE: not a PEM public key or certificate',
      ]);
      expect(problems.join('\n')).not.toContain('short-secret');
    });
  });

  it('refuses key material while AUTH_MODE is none, so the service is never open by mistake', () => {
    expect(read({ API_KEYS: `a=${KEY};symbols=*`, JWT_SECRET: TEST_SECRET }).problems).toEqual([
      'API_KEYS is set but AUTH_MODE=none: set AUTH_MODE (apikey or jwt) or unset it',
      'JWT_SECRET is set but AUTH_MODE=none: set AUTH_MODE (apikey or jwt) or unset it',
    ]);
  });

  it('never prints key material when the configuration is logged', () => {
    const { config } = read({ AUTH_MODE: 'jwt', JWT_SECRET: TEST_SECRET });
    expect(JSON.stringify(config)).not.toContain(TEST_SECRET);
    expect(JSON.stringify(config)).toContain('"keys":{"apiKeys":0,"jwtAlgorithms":["HS256"]}');
    expect(inspect(config, { depth: 10 })).not.toMatch(/Uint8Array|\b1\d\d, /);
    const apikey = read({ AUTH_MODE: 'apikey', API_KEYS: `a=${KEY};symbols=*` }).config;
    expect(inspect(apikey, { depth: 10 })).toContain('AuthKeys {"apiKeys":1');
  });
});
