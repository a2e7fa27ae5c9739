/**
 * The browser `Origin` allow-list. Origins are compared in their serialised
 * form (`scheme://host[:port]`, lower case, default port dropped), so
 * `https://App.example.com:443` and `https://app.example.com` are the same.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  /** @param allowedOrigins normalised origins (see {@link normaliseOrigin}); empty: no check. */
  constructor(allowedOrigins: readonly string[]) {
    this.allowed = new Set(allowedOrigins);
  }

  /** Whether an allow-list is configured at all. */
  get enforced(): boolean {
    return this.allowed.size > 0;
  }

  /**
   * Whether a request with this `Origin` header may upgrade. A request without
   * one comes from a non-browser client (which could send any Origin anyway),
   * so the allow-list — a defence against other web pages — does not apply.
   */
  allows(origin: string | undefined): boolean {
    if (!this.enforced || origin === undefined) return true;
    const normalised = normaliseOrigin(origin);
    return normalised !== undefined && this.allowed.has(normalised);
  }
}

/**
 * The serialised origin of an `http(s)` URL that names only an origin, or
 * `undefined` for anything else: opaque `null`, a path, a query, credentials.
 */
export function normaliseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== '/') return undefined;
  return url.origin;
}
