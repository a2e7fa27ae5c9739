import { VirtualClock } from '../shared/virtual-clock.js';
import { parseApiKeysEnv } from './api-key.records.js';
import { ApiKeyVerifier } from './api-key.verifier.js';
import type { CredentialVerifier, VerifyOutcome } from './auth-result.js';
import { Authenticator, type AuthenticatorOptions, type AuthRequest } from './authenticator.js';
import { JwtVerifier } from './jwt.verifier.js';
import { OriginPolicy } from './origin-policy.js';
import { secretBytes, signToken } from './testing/jwt-fixtures.js';

const KEY = 'desk-key-0123456789ab';
const APP = 'https://app.example.com';

function upgrade(headers: Record<string, string> = {}, url = '/v1/stream'): AuthRequest {
  return { url, headers, rawHeaders: Object.entries(headers).flat() };
}

function authenticator(options: Partial<AuthenticatorOptions> = {}): Authenticator {
  const { records } = parseApiKeysEnv([`desk=${KEY};symbols=FX:*;maxConnections=2`]);
  return new Authenticator({
    mode: 'apikey',
    verifier: new ApiKeyVerifier(records),
    origins: new OriginPolicy([APP]),
    timeoutMs: 1000,
    allowAnonymousWildcard: false,
    ...options,
  });
}

describe('Authenticator', () => {
  describe('mode none', () => {
    const none = authenticator({ mode: 'none', allowAnonymousWildcard: true });

    it('admits every client as anonymous, ignoring any token', async () => {
      expect(await none.authenticate(upgrade())).toMatchObject({
        ok: true,
        principal: { id: 'anonymous', kind: 'anonymous', entitlements: { wildcard: true } },
      });
      expect((await none.authenticate(upgrade({ authorization: 'Bearer junk' }))).ok).toBe(true);
    });

    it('still applies the Origin allow-list', async () => {
      expect(await none.authenticate(upgrade({ origin: 'https://evil.example.com' }))).toEqual({
        ok: false,
        status: 403,
        reason: 'origin_not_allowed',
      });
    });
  });

  describe('mode apikey', () => {
    const auth = authenticator();

    it('admits a valid key from the header or the query', async () => {
      const viaHeader = await auth.authenticate(
        upgrade({ authorization: `Bearer ${KEY}`, origin: APP }),
      );
      expect(viaHeader).toMatchObject({ ok: true, principal: { id: 'desk', kind: 'apikey' } });
      const viaQuery = await auth.authenticate(upgrade({}, `/v1/stream?token=${KEY}`));
      expect(viaQuery).toMatchObject({ ok: true, principal: { id: 'desk' } });
    });

    it.each([
      ['no credential', upgrade(), 'missing_credentials'],
      ['a wrong key', upgrade({ authorization: 'Bearer wrong-key-0123456789' }), 'unknown_api_key'],
      ['a Basic header', upgrade({ authorization: 'Basic ZGVzazprZXk=' }), 'malformed_credentials'],
      [
        'header and query',
        upgrade({ authorization: `Bearer ${KEY}` }, `/v1/stream?token=${KEY}`),
        'malformed_credentials',
      ],
    ])('answers 401 for %s', async (_name, request, reason) => {
      expect(await auth.authenticate(request)).toEqual({ ok: false, status: 401, reason });
    });

    it('answers 403 for a disallowed Origin before looking at credentials', async () => {
      const request = upgrade({
        authorization: `Bearer ${KEY}`,
        origin: 'https://evil.example.com',
      });
      expect(await auth.authenticate(request)).toEqual({
        ok: false,
        status: 403,
        reason: 'origin_not_allowed',
      });
      expect(await auth.authenticate(upgrade({ origin: 'null' }))).toMatchObject({ status: 403 });
    });

    it('does not check the Origin of requests without one (non-browser clients)', async () => {
      expect((await auth.authenticate(upgrade({ authorization: `Bearer ${KEY}` }))).ok).toBe(true);
    });
  });

  describe('mode jwt', () => {
    const clock = new VirtualClock();
    const nowS = Math.floor(clock.now() / 1000);
    const auth = authenticator({
      mode: 'jwt',
      verifier: new JwtVerifier(
        { secret: secretBytes() },
        { audience: ['tickstream'], issuer: [], clockToleranceS: 0, clock },
      ),
      clock,
    });

    it('admits a valid token and refuses an expired or wrong-audience one with 401', async () => {
      const sign = (expiresInS: number, audience = 'tickstream'): Promise<string> =>
        signToken(
          { symbols: ['*'] },
          { alg: 'HS256', key: secretBytes(), nowS, expiresInS, audience },
        );
      const ok = await auth.authenticate(upgrade({ authorization: `Bearer ${await sign(60)}` }));
      expect(ok).toMatchObject({ ok: true, principal: { id: 'user-1', kind: 'jwt' } });
      expect(await auth.authenticate(upgrade({}, `/v1/stream?token=${await sign(-1)}`))).toEqual({
        ok: false,
        status: 401,
        reason: 'token_expired',
      });
      expect(
        await auth.authenticate(upgrade({ authorization: `Bearer ${await sign(60, 'other')}` })),
      ).toEqual({
        ok: false,
        status: 401,
        reason: 'wrong_audience',
      });
    });
  });

  describe('bounded verification', () => {
    const hanging: CredentialVerifier = {
      verify: () => new Promise<VerifyOutcome>(() => undefined),
    };
    const throwing: CredentialVerifier = { verify: () => Promise.reject(new Error('bug')) };

    it('answers 503 when verification outlasts AUTH_TIMEOUT_MS', async () => {
      const clock = new VirtualClock();
      const auth = authenticator({ verifier: hanging, clock, timeoutMs: 500 });
      const result = auth.authenticate(upgrade({ authorization: `Bearer ${KEY}` }));
      clock.advance(499);
      let settled = false;
      void result.then(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      clock.advance(1);
      expect(await result).toEqual({ ok: false, status: 503, reason: 'auth_timeout' });
    });

    it('clears its timer when verification finishes in time', async () => {
      const clock = new VirtualClock();
      const auth = authenticator({ clock });
      await auth.authenticate(upgrade({ authorization: `Bearer ${KEY}` }));
      expect(clock.pendingTimers).toBe(0);
    });

    it('refuses (401) rather than admits when a verifier throws', async () => {
      const auth = authenticator({ verifier: throwing });
      expect(await auth.authenticate(upgrade({ authorization: `Bearer ${KEY}` }))).toEqual({
        ok: false,
        status: 401,
        reason: 'invalid_token',
      });
    });
  });

  it('needs a verifier outside mode none', () => {
    expect(
      () =>
        new Authenticator({
          mode: 'jwt',
          origins: new OriginPolicy([]),
          timeoutMs: 1,
          allowAnonymousWildcard: false,
        }),
    ).toThrow(/needs a credential verifier/);
  });
});
