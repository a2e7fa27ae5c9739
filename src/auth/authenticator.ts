import type { IncomingMessage } from 'node:http';
import { systemClock, type Clock, type TimerHandle } from '../shared/clock.js';
import type { AuthMode } from './auth-config.js';
import type { AuthResult, CredentialVerifier, VerifyOutcome } from './auth-result.js';
import { extractCredential } from './credentials.js';
import { anonymousPrincipal, type Principal } from './entitlements.js';
import type { OriginPolicy } from './origin-policy.js';

/** The parts of a request (an upgrade or a REST call) authentication reads. */
export type AuthRequest = Pick<IncomingMessage, 'headers' | 'rawHeaders' | 'url'>;

/** What an {@link Authenticator} is built from (see `createAuthCore`). */
export interface AuthenticatorOptions {
  readonly mode: AuthMode;
  /** Checks tokens; required unless `mode` is `none`. */
  readonly verifier?: CredentialVerifier;
  readonly origins: OriginPolicy;
  /** `AUTH_TIMEOUT_MS`: bound on one verification. */
  readonly timeoutMs: number;
  /** `ALLOW_ANONYMOUS_WILDCARD`, for the anonymous principal of mode `none`. */
  readonly allowAnonymousWildcard: boolean;
  readonly clock?: Clock;
}

const TIMED_OUT: VerifyOutcome = { ok: false, reason: 'auth_timeout' };

/**
 * Decides, once per upgrade request, who the client is: the Origin allow-list
 * first (403), then the credential (401), bounded by `AUTH_TIMEOUT_MS` (503).
 * Never rejects and never lets an unexpected error admit a client.
 */
export class Authenticator {
  private readonly clock: Clock;
  private readonly anonymous: Principal;

  constructor(private readonly options: AuthenticatorOptions) {
    if (options.mode !== 'none' && !options.verifier) {
      throw new Error(`AUTH_MODE=${options.mode} needs a credential verifier`);
    }
    this.clock = options.clock ?? systemClock;
    this.anonymous = anonymousPrincipal(options.allowAnonymousWildcard);
  }

  /** Answers one upgrade request. */
  async authenticate(request: AuthRequest): Promise<AuthResult> {
    if (!this.options.origins.allows(firstHeader(request.headers.origin))) {
      return { ok: false, status: 403, reason: 'origin_not_allowed' };
    }
    const { verifier } = this.options;
    if (this.options.mode === 'none' || !verifier) return { ok: true, principal: this.anonymous };

    const credential = extractCredential(request);
    if (credential.kind === 'none')
      return { ok: false, status: 401, reason: 'missing_credentials' };
    if (credential.kind === 'malformed') {
      return { ok: false, status: 401, reason: 'malformed_credentials' };
    }
    const outcome = await this.withTimeout(verifier, credential.token);
    if (outcome.ok) return outcome;
    return {
      ok: false,
      status: outcome.reason === 'auth_timeout' ? 503 : 401,
      reason: outcome.reason,
    };
  }

  /**
   * Races verification against the timeout. A verification that loses keeps
   * running to completion (it cannot be cancelled) but its answer is ignored.
   */
  private async withTimeout(verifier: CredentialVerifier, token: string): Promise<VerifyOutcome> {
    let timer: TimerHandle | undefined;
    const timeout = new Promise<VerifyOutcome>((resolve) => {
      timer = this.clock.setTimeout(() => resolve(TIMED_OUT), this.options.timeoutMs);
    });
    try {
      return await Promise.race([verifier.verify(token), timeout]);
    } catch {
      // A verifier must not reject; if one does, refuse rather than admit.
      return { ok: false, reason: 'invalid_token' };
    } finally {
      this.clock.clearTimeout(timer);
    }
  }
}

/** Node gives a repeated header as an array for some names; `Origin` is a single value. */
function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
