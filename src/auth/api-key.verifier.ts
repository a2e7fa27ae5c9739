import { timingSafeEqual } from 'node:crypto';
import { digestOf, type ApiKeyRecord } from './api-key.records.js';
import type { CredentialVerifier, VerifyOutcome } from './auth-result.js';

/** Compares two 32-byte digests; `crypto.timingSafeEqual` unless a test observes it. */
export type DigestCompare = (a: Buffer, b: Buffer) => boolean;

/**
 * Verifies API keys against SHA-256 digests loaded from `API_KEYS_FILE` /
 * `API_KEYS`. Plain keys are never kept: the presented key is hashed and its
 * digest compared with every record's in constant time, so neither the
 * comparison nor the position of the matching record shows in response time.
 */
export class ApiKeyVerifier implements CredentialVerifier {
  private readonly records: readonly ApiKeyRecord[];

  constructor(
    records: readonly ApiKeyRecord[],
    private readonly compare: DigestCompare = timingSafeEqual,
  ) {
    this.records = [...records];
  }

  /** Number of loaded keys (for the boot log). */
  get size(): number {
    return this.records.length;
  }

  async verify(token: string): Promise<VerifyOutcome> {
    // Hashing first gives fixed-length inputs to the comparison, whatever the token's length.
    const presented = digestOf(token);
    let match: ApiKeyRecord | undefined;
    for (const record of this.records) {
      // No early exit: every record is compared, matched or not.
      if (this.compare(presented, record.digest) && match === undefined) match = record;
    }
    if (match === undefined) return { ok: false, reason: 'unknown_api_key' };
    return {
      ok: true,
      principal: { id: match.id, kind: 'apikey', entitlements: match.entitlements },
    };
  }
}
