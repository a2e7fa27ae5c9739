import { createHmac } from 'node:crypto';
import { exportJWK, UnsecuredJWT, type JWTPayload } from 'jose';
import { VirtualClock } from '../shared/virtual-clock.js';
import type { AuthFailureReason } from './auth-result.js';
import { loadJwks, loadPublicKeyPem, type JwtKeyMaterial } from './jwt.keys.js';
import { JwtVerifier, type JwtVerifierOptions } from './jwt.verifier.js';
import { secretBytes, signToken, testKeyPair, type SignOptions } from './testing/jwt-fixtures.js';

const clock = new VirtualClock();
const nowS = Math.floor(clock.now() / 1000);
const rsa = testKeyPair('rsa');
const ec = testKeyPair('ec');
const otherRsa = testKeyPair('rsa');
const CLAIMS: JWTPayload = { symbols: ['FX:*', 'AAPL'], maxSymbols: 20, maxConnections: 2 };

const options: JwtVerifierOptions = {
  audience: ['tickstream'],
  issuer: ['https://idp.example.com'],
  clockToleranceS: 30,
  clock,
};
const valid = { nowS, audience: 'tickstream', issuer: 'https://idp.example.com' } as const;

function publicKey(pem: string): NonNullable<JwtKeyMaterial['publicKey']> {
  const loaded = loadPublicKeyPem(pem);
  if (!loaded.ok) throw new Error(loaded.problem);
  return loaded.value;
}

const hsVerifier = new JwtVerifier({ secret: secretBytes() }, options);
const rsVerifier = new JwtVerifier({ publicKey: publicKey(rsa.publicPem) }, options);
const esVerifier = new JwtVerifier({ publicKey: publicKey(ec.publicPem) }, options);

async function jwksVerifier(): Promise<JwtVerifier> {
  const keys = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1' },
  ];
  const loaded = loadJwks(JSON.stringify({ keys }));
  if (!loaded.ok) throw new Error(loaded.problem);
  return new JwtVerifier({ jwks: loaded.value }, options);
}

async function reasonFor(verifier: JwtVerifier, token: string): Promise<AuthFailureReason | 'ok'> {
  const outcome = await verifier.verify(token);
  return outcome.ok ? 'ok' : outcome.reason;
}

const hs = (extra: Partial<SignOptions> = {}, claims = CLAIMS): Promise<string> =>
  signToken(claims, { ...valid, alg: 'HS256', key: secretBytes(), ...extra });

describe('JwtVerifier — accepted tokens', () => {
  it('HS256 with the shared secret, mapping claims to entitlements', async () => {
    const outcome = await hsVerifier.verify(await hs());
    expect(outcome).toMatchObject({
      ok: true,
      principal: {
        id: 'user-1',
        kind: 'jwt',
        expiresAt: (nowS + 3600) * 1000,
        entitlements: { wildcard: false, maxSymbols: 20, maxConnections: 2 },
      },
    });
    if (outcome.ok) {
      expect(outcome.principal.entitlements.allows('FX:EURUSD')).toBe(true);
      expect(outcome.principal.entitlements.allows('MSFT')).toBe(false);
    }
  });

  it('RS256 and ES256 with a PEM public key', async () => {
    const rs = await signToken(CLAIMS, { ...valid, alg: 'RS256', key: rsa.privateKey });
    const es = await signToken(CLAIMS, { ...valid, alg: 'ES256', key: ec.privateKey });
    expect(await reasonFor(rsVerifier, rs)).toBe('ok');
    expect(await reasonFor(esVerifier, es)).toBe('ok');
  });

  it('RS256 and ES256 from a local JWKS, selected by kid', async () => {
    const verifier = await jwksVerifier();
    const rs = await signToken(CLAIMS, {
      ...valid,
      alg: 'RS256',
      key: rsa.privateKey,
      kid: 'rsa-1',
    });
    const es = await signToken(CLAIMS, { ...valid, alg: 'ES256', key: ec.privateKey, kid: 'ec-1' });
    expect(await reasonFor(verifier, rs)).toBe('ok');
    expect(await reasonFor(verifier, es)).toBe('ok');
  });

  it('a wildcard grant', async () => {
    const outcome = await hsVerifier.verify(await hs({}, { symbols: ['*'], wildcard: true }));
    expect(outcome).toMatchObject({ ok: true, principal: { entitlements: { wildcard: true } } });
  });

  it('expired or not-yet-valid within the clock tolerance', async () => {
    expect(await reasonFor(hsVerifier, await hs({ expiresInS: -20 }))).toBe('ok');
    expect(await reasonFor(hsVerifier, await hs({ notBeforeInS: 20 }))).toBe('ok');
  });

  it('no aud/iss check when none is configured', async () => {
    const lax = new JwtVerifier(
      { secret: secretBytes() },
      { ...options, audience: [], issuer: [] },
    );
    expect(await reasonFor(lax, await hs({ audience: 'other', issuer: 'elsewhere' }))).toBe('ok');
  });
});

describe('JwtVerifier — refused tokens', () => {
  it.each<[string, Partial<SignOptions>, AuthFailureReason]>([
    ['expired', { expiresInS: -31 }, 'token_expired'],
    ['not yet valid', { notBeforeInS: 31 }, 'token_not_yet_valid'],
    ['wrong audience', { audience: 'someone-else' }, 'wrong_audience'],
    ['wrong issuer', { issuer: 'https://evil.example.com' }, 'wrong_issuer'],
    ['without exp', { expiresInS: null }, 'invalid_claims'],
    ['without sub', { subject: null }, 'invalid_claims'],
    [
      'signed with another secret',
      { key: secretBytes('another-secret-0123456789abcdefgh') },
      'bad_signature',
    ],
  ])('%s', async (_name, extra, reason) => {
    expect(await reasonFor(hsVerifier, await hs(extra))).toBe(reason);
  });

  it('a token that expires while the clock moves on', async () => {
    const token = await hs({ expiresInS: 60 });
    const later = new VirtualClock(clock.now());
    const verifier = new JwtVerifier({ secret: secretBytes() }, { ...options, clock: later });
    expect(await reasonFor(verifier, token)).toBe('ok');
    later.advance(91_000);
    expect(await reasonFor(verifier, token)).toBe('token_expired');
  });

  it.each<[string, JWTPayload]>([
    ['symbols missing', {}],
    ['symbols not an array', { symbols: 'AAPL' }],
    ['a bad pattern', { symbols: ['fx:*'] }],
    ['wildcard without "*"', { symbols: ['FX:*'], wildcard: true }],
    ['maxSymbols as a string', { symbols: ['*'], maxSymbols: '10' }],
  ])('bad entitlement claims: %s', async (_name, claims) => {
    expect(await reasonFor(hsVerifier, await hs({}, claims))).toBe('invalid_claims');
  });

  it('tampered payload (claims widened, signature kept)', async () => {
    const [header, , signature] = (await hs()).split('.');
    const widened = Buffer.from(
      JSON.stringify({
        sub: 'user-1',
        exp: nowS + 3600,
        aud: 'tickstream',
        iss: 'https://idp.example.com',
        symbols: ['*'],
        wildcard: true,
      }),
    ).toString('base64url');
    expect(await reasonFor(hsVerifier, `${header}.${widened}.${signature}`)).toBe('bad_signature');
  });

  it('tampered signature', async () => {
    const token = await hs();
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(await reasonFor(hsVerifier, flipped)).toBe('bad_signature');
  });

  it('alg "none" (unsecured token)', async () => {
    const token = new UnsecuredJWT({
      ...CLAIMS,
      sub: 'user-1',
      aud: 'tickstream',
      iss: 'https://idp.example.com',
    })
      .setExpirationTime(nowS + 3600)
      .encode();
    expect(await reasonFor(hsVerifier, token)).toBe('algorithm_not_allowed');
    expect(await reasonFor(rsVerifier, token)).toBe('algorithm_not_allowed');
  });

  it('alg confusion: HS256 signed with the RSA public key as the HMAC secret', async () => {
    const pemSecret = new TextEncoder().encode(rsa.publicPem);
    const forged = await hs({ key: pemSecret });
    expect(await reasonFor(rsVerifier, forged)).toBe('algorithm_not_allowed');
    // Even with a secret configured too, HS256 only ever meets the secret.
    const both = new JwtVerifier(
      { secret: secretBytes(), publicKey: publicKey(rsa.publicPem) },
      options,
    );
    expect(await reasonFor(both, forged)).toBe('bad_signature');
  });

  it('an asymmetric algorithm when only a secret is configured', async () => {
    const rs = await signToken(CLAIMS, { ...valid, alg: 'RS256', key: rsa.privateKey });
    expect(await reasonFor(hsVerifier, rs)).toBe('algorithm_not_allowed');
  });

  it('ES256 against an RS256 public key', async () => {
    const es = await signToken(CLAIMS, { ...valid, alg: 'ES256', key: ec.privateKey });
    expect(await reasonFor(rsVerifier, es)).toBe('algorithm_not_allowed');
  });

  it('RS256 signed by a key not in the PEM or the JWKS', async () => {
    const foreign = await signToken(CLAIMS, { ...valid, alg: 'RS256', key: otherRsa.privateKey });
    expect(await reasonFor(rsVerifier, foreign)).toBe('bad_signature');
    const verifier = await jwksVerifier();
    const unknownKid = await signToken(CLAIMS, {
      ...valid,
      alg: 'RS256',
      key: otherRsa.privateKey,
      kid: 'nope',
    });
    expect(await reasonFor(verifier, unknownKid)).toBe('unknown_signing_key');
    const knownKid = await signToken(CLAIMS, {
      ...valid,
      alg: 'RS256',
      key: otherRsa.privateKey,
      kid: 'rsa-1',
    });
    expect(await reasonFor(verifier, knownKid)).toBe('bad_signature');
  });

  it.each([
    ['garbage', 'not-a-jwt'],
    ['two segments', 'abc.def'],
    ['a header that is not JSON', `${Buffer.from('{').toString('base64url')}.e30.sig`],
  ])('malformed: %s', async (_name, token) => {
    expect(await reasonFor(hsVerifier, token)).toBe('malformed_token');
  });

  it('a payload that is not a JSON object', async () => {
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
    const payload = Buffer.from('[1,2]').toString('base64url');
    const signature = createHmac('sha256', secretBytes())
      .update(`${header}.${payload}`)
      .digest('base64url');
    expect(await reasonFor(hsVerifier, `${header}.${payload}.${signature}`)).toBe(
      'malformed_token',
    );
  });

  it('needs at least one key', () => {
    expect(() => new JwtVerifier({}, options)).toThrow(/at least one key/);
  });
});
