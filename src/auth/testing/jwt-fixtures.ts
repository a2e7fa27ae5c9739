import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

/** A freshly generated key pair; tests never use committed private keys. */
export interface TestKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicPem: string;
}

/** An RSA-2048 (RS256) or P-256 (ES256) key pair generated for one test file. */
export function testKeyPair(kind: 'rsa' | 'ec'): TestKeyPair {
  const { privateKey, publicKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A 32-byte-plus HS256 secret for tests. */
export const TEST_SECRET = 'test-secret-0123456789abcdef-0123456789';

/** Options of {@link signToken}; times are epoch seconds. */
export interface SignOptions {
  readonly alg: 'HS256' | 'RS256' | 'ES256';
  readonly key: KeyObject | Uint8Array;
  readonly kid?: string;
  readonly nowS: number;
  /** Seconds from `nowS` to `exp`; `null` for no `exp`. Default 3600. */
  readonly expiresInS?: number | null;
  /** Seconds from `nowS` to `nbf`, when set. */
  readonly notBeforeInS?: number;
  readonly audience?: string;
  readonly issuer?: string;
  readonly subject?: string | null;
}

/** Signs a token with the given claims; `sub` defaults to `user-1`. */
export async function signToken(claims: JWTPayload, options: SignOptions): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg, ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuedAt(options.nowS);
  if (options.subject !== null) jwt.setSubject(options.subject ?? 'user-1');
  if (options.expiresInS !== null)
    jwt.setExpirationTime(options.nowS + (options.expiresInS ?? 3600));
  if (options.notBeforeInS !== undefined) jwt.setNotBefore(options.nowS + options.notBeforeInS);
  if (options.audience) jwt.setAudience(options.audience);
  if (options.issuer) jwt.setIssuer(options.issuer);
  return jwt.sign(options.key);
}

/** The HS256 test secret as bytes. */
export function secretBytes(secret = TEST_SECRET): Uint8Array {
  return new TextEncoder().encode(secret);
}
