import { inspect } from 'node:util';
import type { ApiKeyRecord } from './api-key.records.js';
import { allowedAlgorithms, type JwtKeyMaterial } from './jwt.keys.js';

/**
 * The loaded verification keys. Serialises and prints as a summary (counts and
 * algorithms), so logging the configuration can never print a secret.
 */
export class AuthKeys {
  constructor(
    /** Hashed API keys with their entitlements (apikey mode). */
    readonly apiKeys: readonly ApiKeyRecord[],
    /** JWT verification keys (jwt mode). */
    readonly jwt: JwtKeyMaterial,
  ) {}

  /** What is loaded, without any key material. */
  summary(): { apiKeys: number; jwtAlgorithms: string[] } {
    return { apiKeys: this.apiKeys.length, jwtAlgorithms: allowedAlgorithms(this.jwt) };
  }

  toJSON(): ReturnType<AuthKeys['summary']> {
    return this.summary();
  }

  [inspect.custom](): string {
    return `AuthKeys ${JSON.stringify(this.summary())}`;
  }
}
