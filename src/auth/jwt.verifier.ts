import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { systemClock, type Clock } from '../shared/clock.js';
import type { AuthFailureReason, CredentialVerifier, VerifyOutcome } from './auth-result.js';
import { principalFromClaims } from './jwt.claims.js';
import { allowedAlgorithms, type JwtKeyMaterial } from './jwt.keys.js';

/** Claim checks besides the signature. */
export interface JwtVerifierOptions {
  /** `JWT_AUDIENCE`: the token's `aud` must include one of these; unchecked when empty. */
  readonly audience: readonly string[];
  /** `JWT_ISSUER`: the token's `iss` must be one of these; unchecked when empty. */
  readonly issuer: readonly string[];
  /** `JWT_CLOCK_TOLERANCE_S`: leeway for `exp`/`nbf`, in seconds. */
  readonly clockToleranceS: number;
  /** Time source for `exp`/`nbf`; the system clock by default. */
  readonly clock?: Clock;
}

/**
 * Verifies JWTs with local key material only (no network). The algorithm
 * allow-list is derived from the configured keys, and the key is chosen by the
 * token's `alg`: HS256 only ever meets the shared secret, RS256/ES256 only the
 * public keys, so a token cannot pick a key of the wrong kind.
 */
export class JwtVerifier implements CredentialVerifier {
  private readonly options: JWTVerifyOptions;
  private readonly getKey: JWTVerifyGetKey;
  private readonly clock: Clock;

  constructor(keys: JwtKeyMaterial, options: JwtVerifierOptions) {
    const algorithms = allowedAlgorithms(keys);
    if (algorithms.length === 0) throw new Error('JwtVerifier needs at least one key');
    this.clock = options.clock ?? systemClock;
    this.options = {
      algorithms,
      clockTolerance: options.clockToleranceS,
      // Without `exp` a leaked token would be valid forever; without `sub` there is no principal.
      requiredClaims: ['exp', 'sub'],
      ...(options.audience.length > 0 ? { audience: [...options.audience] } : {}),
      ...(options.issuer.length > 0 ? { issuer: [...options.issuer] } : {}),
    };
    this.getKey = keyResolver(keys);
  }

  async verify(token: string): Promise<VerifyOutcome> {
    try {
      const { payload } = await jwtVerify(token, this.getKey, {
        ...this.options,
        currentDate: new Date(this.clock.now()),
      });
      const principal = principalFromClaims(payload);
      return principal ? { ok: true, principal } : { ok: false, reason: 'invalid_claims' };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  }
}

function keyResolver(keys: JwtKeyMaterial): JWTVerifyGetKey {
  const jwks = keys.jwks ? createLocalJWKSet(keys.jwks.set) : undefined;
  return async (header, token) => {
    if (header.alg === 'HS256' && keys.secret) return keys.secret;
    if (header.alg !== 'HS256') {
      if (keys.publicKey && keys.publicKey.alg === header.alg) return keys.publicKey.key;
      if (jwks) return jwks(header, token);
    }
    throw new errors.JWKSNoMatchingKey();
  };
}

const REASON_BY_CODE: Readonly<Record<string, AuthFailureReason>> = {
  [errors.JWTExpired.code]: 'token_expired',
  [errors.JOSEAlgNotAllowed.code]: 'algorithm_not_allowed',
  [errors.JOSENotSupported.code]: 'algorithm_not_allowed',
  [errors.JWSSignatureVerificationFailed.code]: 'bad_signature',
  [errors.JWKSNoMatchingKey.code]: 'unknown_signing_key',
  [errors.JWKSMultipleMatchingKeys.code]: 'unknown_signing_key',
  [errors.JWSInvalid.code]: 'malformed_token',
  [errors.JWTInvalid.code]: 'malformed_token',
};

const REASON_BY_CLAIM: Readonly<Record<string, AuthFailureReason>> = {
  nbf: 'token_not_yet_valid',
  iat: 'token_not_yet_valid',
  aud: 'wrong_audience',
  iss: 'wrong_issuer',
};

/** Maps a `jose` error to a reason; the error itself (which may hold claims) is dropped. */
function reasonOf(error: unknown): AuthFailureReason {
  if (error instanceof errors.JWTClaimValidationFailed) {
    return REASON_BY_CLAIM[error.claim] ?? 'invalid_claims';
  }
  if (error instanceof errors.JOSEError) return REASON_BY_CODE[error.code] ?? 'invalid_token';
  return 'invalid_token';
}
