import type { Principal } from './entitlements.js';

/**
 * Why an upgrade was refused. A small closed set, so it can label a metric and
 * be logged without ever carrying token content.
 */
export type AuthFailureReason =
  /** `Origin` header not in `ALLOWED_ORIGINS` (403). */
  | 'origin_not_allowed'
  /** No token in the header or the query (401). */
  | 'missing_credentials'
  /** A non-Bearer `Authorization`, a token given twice, too long or with bad characters (401). */
  | 'malformed_credentials'
  /** No API key record has this key (401). */
  | 'unknown_api_key'
  /** Not a well-formed JWS compact token (401). */
  | 'malformed_token'
  /** `alg` not allowed by the configured key material (`none`, HS without a secret, …) (401). */
  | 'algorithm_not_allowed'
  /** No configured key matches the token's `kid`/`alg` (401). */
  | 'unknown_signing_key'
  /** The signature does not verify: tampered, or signed with another key (401). */
  | 'bad_signature'
  /** `exp` is past, beyond the clock tolerance (401). */
  | 'token_expired'
  /** `nbf` (or `iat`) is in the future, beyond the clock tolerance (401). */
  | 'token_not_yet_valid'
  /** `aud` does not include `JWT_AUDIENCE` (401). */
  | 'wrong_audience'
  /** `iss` is not `JWT_ISSUER` (401). */
  | 'wrong_issuer'
  /** A required claim is missing or an entitlement claim is malformed (401). */
  | 'invalid_claims'
  /** Verification failed for another reason; refused rather than risk admitting (401). */
  | 'invalid_token'
  /** Verification did not finish within `AUTH_TIMEOUT_MS`: the server is overloaded (503). */
  | 'auth_timeout';

/**
 * Seconds a refused client is asked to wait (`Retry-After`) when the answer is
 * 503 (server full, stopping, verification overloaded) or 429 (its own quota).
 */
export const RETRY_AFTER_S = 5;

/** HTTP status of a refused upgrade: 401 credentials, 403 origin, 503 verification timed out. */
export type AuthFailureStatus = 401 | 403 | 503;

/** The answer for one upgrade request. */
export type AuthResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly status: AuthFailureStatus; readonly reason: AuthFailureReason };

/** A credential check's own answer; the authenticator adds the HTTP status. */
export type VerifyOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: AuthFailureReason };

/** Checks one presented token (an API key or a JWT) and names its principal. */
export interface CredentialVerifier {
  /** Never rejects: every failure is a refused {@link VerifyOutcome}. */
  verify(token: string): Promise<VerifyOutcome>;
}
