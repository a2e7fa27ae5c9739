import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';

/** The JWS algorithms the service accepts. Never `none`; HS256 only with a shared secret. */
export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** Asymmetric algorithms, verified only with public keys. */
export type PublicKeyAlgorithm = Exclude<JwtAlgorithm, 'HS256'>;

/** Fewest bytes of an HS256 secret: the hash's output size (RFC 7518 §3.2). */
export const MIN_HS256_SECRET_BYTES = 32;
/** Smallest RSA modulus accepted, in bits. */
export const MIN_RSA_BITS = 2048;

/**
 * The verification keys, loaded once at boot. Which field holds a key decides
 * which algorithm it may verify, so a public key can never be used as an HMAC
 * secret (the classic RS256→HS256 confusion).
 */
export interface JwtKeyMaterial {
  /** `JWT_SECRET` as bytes: verifies HS256 only. */
  readonly secret?: Uint8Array;
  /** `JWT_PUBLIC_KEY_FILE`: verifies its own algorithm only. */
  readonly publicKey?: { readonly alg: PublicKeyAlgorithm; readonly key: KeyObject };
  /** `JWT_JWKS_FILE`: public RSA / P-256 keys, each for its own algorithm. */
  readonly jwks?: {
    readonly set: JSONWebKeySet;
    readonly algorithms: readonly PublicKeyAlgorithm[];
  };
}

/** A loaded key, or the reason it was refused (never quoting key material). */
export type KeyLoad<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** The algorithms a set of key material can verify: the allow-list given to `jose`. */
export function allowedAlgorithms(keys: JwtKeyMaterial): JwtAlgorithm[] {
  const algorithms = new Set<JwtAlgorithm>();
  if (keys.secret) algorithms.add('HS256');
  if (keys.publicKey) algorithms.add(keys.publicKey.alg);
  for (const alg of keys.jwks?.algorithms ?? []) algorithms.add(alg);
  return [...algorithms];
}

/** `JWT_SECRET` as bytes, refused when shorter than {@link MIN_HS256_SECRET_BYTES}. */
export function loadSecret(secret: string): KeyLoad<Uint8Array> {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_HS256_SECRET_BYTES) {
    return { ok: false, problem: `must be at least ${MIN_HS256_SECRET_BYTES} bytes` };
  }
  return { ok: true, value: bytes };
}

/**
 * A PEM public key or certificate: RSA (≥ 2048 bits) → RS256, EC P-256 → ES256.
 * A private key is refused: the service only verifies, and a private key on the
 * server is one more secret to leak.
 */
export function loadPublicKeyPem(pem: string): KeyLoad<NonNullable<JwtKeyMaterial['publicKey']>> {
  if (pem.includes('PRIVATE KEY'))
    return { ok: false, problem: 'holds a private key; give the public key' };
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return { ok: false, problem: 'not a PEM public key or certificate' };
  }
  const alg = algorithmOf(key);
  return typeof alg === 'string' ? { ok: true, value: { alg, key } } : { ok: false, ...alg };
}

/**
 * A local JWKS document (`{"keys":[…]}`), read from a file: no network fetch
 * at boot or per connection. Every key must be a public RSA (≥ 2048 bits) or
 * P-256 key for signatures; symmetric (`oct`) and private keys are refused.
 */
export function loadJwks(text: string): KeyLoad<NonNullable<JwtKeyMaterial['jwks']>> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
  const keys =
    isObject(document) && Array.isArray(document.keys) ? (document.keys as unknown[]) : undefined;
  if (!keys || keys.length === 0)
    return { ok: false, problem: 'expected {"keys":[…]} with at least one key' };

  const algorithms = new Set<PublicKeyAlgorithm>();
  const problems: string[] = [];
  for (const [index, jwk] of keys.entries()) {
    const alg = jwkAlgorithm(jwk);
    if (typeof alg === 'string') algorithms.add(alg);
    else problems.push(`keys[${index}]: ${alg.problem}`);
  }
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return { ok: true, value: { set: { keys: keys as JWK[] }, algorithms: [...algorithms] } };
}

function jwkAlgorithm(jwk: unknown): PublicKeyAlgorithm | { problem: string } {
  if (!isObject(jwk)) return { problem: 'expected an object' };
  if (jwk.kty === 'oct') return { problem: 'symmetric keys are not accepted in a JWKS' };
  if ('d' in jwk || 'p' in jwk) return { problem: 'holds private key material' };
  if (jwk.use !== undefined && jwk.use !== 'sig') return { problem: 'use must be "sig"' };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    return { problem: 'not a valid public JWK' };
  }
  const alg = algorithmOf(key);
  if (typeof alg !== 'string') return alg;
  if (jwk.alg !== undefined && jwk.alg !== alg)
    return { problem: `alg must be ${alg} for this key` };
  return alg;
}

function algorithmOf(key: KeyObject): PublicKeyAlgorithm | { problem: string } {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    return (details.modulusLength ?? 0) >= MIN_RSA_BITS
      ? 'RS256'
      : { problem: `RSA keys must have at least ${MIN_RSA_BITS} bits` };
  }
  if (key.asymmetricKeyType === 'ec') {
    return details.namedCurve === 'prime256v1' ? 'ES256' : { problem: 'EC keys must be on P-256' };
  }
  return {
    problem: `unsupported key type ${key.asymmetricKeyType ?? 'unknown'} (RSA or EC P-256)`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
