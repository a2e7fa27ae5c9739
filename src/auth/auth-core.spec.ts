import { ConfigError } from '../config/config-error.js';
import { loadAuthConfig } from '../config/read-auth-config.js';
import { fakeFiles } from '../config/testing/fake-files.js';
import { createAuthCore } from './auth-core.js';
import { signToken, testKeyPair } from './testing/jwt-fixtures.js';

const KEY = 'bot-key-0123456789abc';

describe('createAuthCore', () => {
  it('wires apikey mode from the environment: authenticate, then acquire', async () => {
    const config = loadAuthConfig({
      AUTH_MODE: 'apikey',
      API_KEYS: `bot=${KEY};symbols=*-USD;maxConnections=1`,
      ALLOWED_ORIGINS: 'https://app.example.com',
    });
    const { authenticator, limiter } = createAuthCore(config, { allowAnonymousWildcard: false });
    const request = {
      url: `/v1/stream?token=${KEY}`,
      headers: { origin: 'https://app.example.com' },
      rawHeaders: ['Origin', 'https://app.example.com'],
    };

    const auth = await authenticator.authenticate(request);
    if (!auth.ok) throw new Error(auth.reason);
    expect(auth.principal.entitlements.allows('BTC-USD')).toBe(true);
    const first = limiter.acquire('10.0.0.1', auth.principal);
    expect(first.ok).toBe(true);
    expect(limiter.acquire('10.0.0.2', auth.principal)).toMatchObject({ status: 429 });
  });

  it('wires jwt mode with a PEM public key file', async () => {
    const pair = testKeyPair('ec');
    const config = loadAuthConfig(
      { AUTH_MODE: 'jwt', JWT_PUBLIC_KEY_FILE: '/keys/jwt.pem', JWT_ISSUER: 'idp' },
      fakeFiles({ '/keys/jwt.pem': pair.publicPem }),
    );
    const { authenticator } = createAuthCore(config, { allowAnonymousWildcard: false });
    const nowS = Math.floor(Date.now() / 1000);
    const token = await signToken(
      { symbols: ['AAPL'] },
      { alg: 'ES256', key: pair.privateKey, nowS, issuer: 'idp' },
    );
    const result = await authenticator.authenticate({
      url: '/',
      headers: { authorization: `Bearer ${token}` },
      rawHeaders: ['Authorization', `Bearer ${token}`],
    });
    expect(result).toMatchObject({ ok: true, principal: { kind: 'jwt', id: 'user-1' } });
  });

  it('admits anonymous clients in mode none, with the configured limits', async () => {
    const config = loadAuthConfig({ MAX_CONNECTIONS: '1' });
    const { authenticator, limiter } = createAuthCore(config, { allowAnonymousWildcard: true });
    const auth = await authenticator.authenticate({ url: '/', headers: {}, rawHeaders: [] });
    if (!auth.ok) throw new Error(auth.reason);
    expect(auth.principal.entitlements.wildcard).toBe(true);
    expect(limiter.acquire('a', auth.principal).ok).toBe(true);
    expect(limiter.acquire('b', auth.principal)).toMatchObject({
      status: 503,
      reason: 'server_full',
    });
  });
});

describe('loadAuthConfig', () => {
  it('throws one ConfigError naming every bad variable', () => {
    expect(() => loadAuthConfig({ AUTH_MODE: 'jwt', MAX_CONNECTIONS: '-1' })).toThrow(ConfigError);
    expect(() => loadAuthConfig({ AUTH_MODE: 'jwt', MAX_CONNECTIONS: '-1' })).toThrow(
      /AUTH_MODE=jwt needs JWT_SECRET[\s\S]*MAX_CONNECTIONS="-1"/,
    );
  });
});
