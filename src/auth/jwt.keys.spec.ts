import { generateKeyPairSync } from 'node:crypto';
import { allowedAlgorithms, loadJwks, loadPublicKeyPem, loadSecret } from './jwt.keys.js';
import { testKeyPair } from './testing/jwt-fixtures.js';

const rsa = testKeyPair('rsa');
const ec = testKeyPair('ec');
const jwk = (pair: {
  publicKey: { export(o: { format: 'jwk' }): object };
}): Record<string, unknown> =>
  ({ ...pair.publicKey.export({ format: 'jwk' }) }) as Record<string, unknown>;

describe('loadSecret', () => {
  it('accepts a secret of at least 32 bytes and refuses a shorter one', () => {
    expect(loadSecret('x'.repeat(32)).ok).toBe(true);
    expect(loadSecret('x'.repeat(31))).toEqual({ ok: false, problem: 'must be at least 32 bytes' });
  });
});

describe('loadPublicKeyPem', () => {
  it('maps RSA to RS256 and P-256 to ES256', () => {
    expect(loadPublicKeyPem(rsa.publicPem)).toMatchObject({ ok: true, value: { alg: 'RS256' } });
    expect(loadPublicKeyPem(ec.publicPem)).toMatchObject({ ok: true, value: { alg: 'ES256' } });
  });

  it('refuses private keys, garbage, short RSA keys and other curves', () => {
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(loadPublicKeyPem(privatePem)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('private key'),
    });
    expect(loadPublicKeyPem('not a key').ok).toBe(false);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(
      loadPublicKeyPem(small.export({ type: 'spki', format: 'pem' }).toString()),
    ).toMatchObject({
      ok: false,
      problem: expect.stringContaining('2048'),
    });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    expect(loadPublicKeyPem(p384.export({ type: 'spki', format: 'pem' }).toString())).toMatchObject(
      {
        ok: false,
        problem: 'EC keys must be on P-256',
      },
    );
    const ed = generateKeyPairSync('ed25519').publicKey;
    expect(loadPublicKeyPem(ed.export({ type: 'spki', format: 'pem' }).toString()).ok).toBe(false);
  });
});

describe('loadJwks', () => {
  it('loads RSA and P-256 public keys and lists their algorithms', () => {
    const loaded = loadJwks(
      JSON.stringify({
        keys: [
          { ...jwk(rsa), kid: 'r', alg: 'RS256', use: 'sig' },
          { ...jwk(ec), kid: 'e' },
        ],
      }),
    );
    expect(loaded).toMatchObject({ ok: true, value: { algorithms: ['RS256', 'ES256'] } });
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['no keys', '{"keys":[]}', 'at least one key'],
    ['a symmetric key', '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}', 'symmetric keys'],
    [
      'an encryption key',
      JSON.stringify({ keys: [{ ...jwk(rsa), use: 'enc' }] }),
      'use must be "sig"',
    ],
    [
      'a mismatched alg',
      JSON.stringify({ keys: [{ ...jwk(rsa), alg: 'ES256' }] }),
      'alg must be RS256',
    ],
    ['a broken key', '{"keys":[{"kty":"RSA","n":"abc"}]}', 'not a valid public JWK'],
  ])('refuses %s', (_name, text, problem) => {
    const loaded = loadJwks(text);
    expect(loaded).toMatchObject({ ok: false, problem: expect.stringContaining(problem) });
  });

  it('refuses private key material', () => {
    const privateJwk = rsa.privateKey.export({ format: 'jwk' });
    expect(loadJwks(JSON.stringify({ keys: [privateJwk] }))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('private key material'),
    });
  });
});

describe('allowedAlgorithms', () => {
  it('allows exactly what the configured keys can verify', () => {
    expect(allowedAlgorithms({})).toEqual([]);
    expect(allowedAlgorithms({ secret: new Uint8Array(32) })).toEqual(['HS256']);
    const pem = loadPublicKeyPem(ec.publicPem);
    if (!pem.ok) throw new Error(pem.problem);
    expect(allowedAlgorithms({ publicKey: pem.value })).toEqual(['ES256']);
    expect(allowedAlgorithms({ secret: new Uint8Array(32), publicKey: pem.value })).toEqual([
      'HS256',
      'ES256',
    ]);
  });
});
