import type { IncomingMessage } from 'node:http';

/** Longest token accepted; longer ones are refused before any hashing or parsing. */
export const MAX_TOKEN_LENGTH = 8192;

/** What replaces a credential in a logged URL. */
export const REDACTED = '[REDACTED]';

/** RFC 6750 `b64token`: the characters a bearer token may hold. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const BEARER_HEADER = /^Bearer +(\S+) *$/i;

/** Query parameters whose values are treated as secrets in logs. */
const SECRET_PARAMS: ReadonlySet<string> = new Set([
  'token',
  'access_token',
  'id_token',
  'jwt',
  'apikey',
  'api_key',
  'key',
]);

/**
 * The part of a request credentials are read from. `rawHeaders` because Node
 * keeps only the first of repeated `Authorization` headers in `headers`.
 */
export type CredentialSourceRequest = Pick<IncomingMessage, 'headers' | 'rawHeaders' | 'url'>;

/** Where the credential came from. */
export type CredentialSource = 'header' | 'query';

/** What an upgrade request carries. `problem` texts never contain the token. */
export type ExtractedCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: string; readonly source: CredentialSource }
  | { readonly kind: 'malformed'; readonly problem: string };

/**
 * Reads the credential of a request: `Authorization: Bearer <t>` (bots) or
 * `?token=<t>` (browsers cannot set headers on a WebSocket). Sending both, the
 * header twice or `token` twice — equal or not — is malformed (RFC 6750 §2: one
 * method per request) rather than silently picking one, so a proxy and the
 * service cannot disagree on which one counted.
 */
export function extractCredential(request: CredentialSourceRequest): ExtractedCredential {
  const header = request.headers.authorization;
  const query = queryTokens(request.url ?? '');

  if (countHeader(request.rawHeaders, 'authorization') > 1) {
    return { kind: 'malformed', problem: 'Authorization given more than once' };
  }
  if (header !== undefined && query.length > 0) {
    return { kind: 'malformed', problem: 'credentials in both header and query' };
  }
  if (header !== undefined) {
    const match = BEARER_HEADER.exec(header);
    if (!match) return { kind: 'malformed', problem: 'Authorization is not a Bearer token' };
    return checked(match[1], 'header');
  }
  if (query.length > 1) return { kind: 'malformed', problem: 'token given more than once' };
  if (query.length === 1) return checked(query[0], 'query');
  return { kind: 'none' };
}

function checked(token: string, source: CredentialSource): ExtractedCredential {
  if (token.length > MAX_TOKEN_LENGTH) return { kind: 'malformed', problem: 'token too long' };
  // Also refuses a query token whose "+" was not URL-encoded (it decodes to a space).
  if (!BEARER_TOKEN.test(token)) return { kind: 'malformed', problem: 'token has bad characters' };
  return { kind: 'token', token, source };
}

/** How many times header `name` (lower case) occurs in Node's `rawHeaders` (name, value, …). */
function countHeader(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) count++;
  }
  return count;
}

function queryTokens(url: string): string[] {
  const query = queryOf(url);
  if (query === undefined) return [];
  try {
    return new URLSearchParams(query).getAll('token');
  } catch {
    // URLSearchParams does not throw on strings today; a future change must not let one through.
    return [];
  }
}

/**
 * Replaces the value of every credential-like query parameter (`token`,
 * `access_token`, `apikey`, …) with {@link REDACTED}, leaving the rest of the URL
 * as it was, so a request line can be logged without its secret. Parameter
 * names are compared decoded and case-insensitively (`%74oken`, `TOKEN`).
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const hashStart = url.indexOf('#', queryStart);
  const end = hashStart < 0 ? url.length : hashStart;
  const redacted = url
    .slice(queryStart + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_PARAMS.has(decodeName(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart + 1)}${redacted}${url.slice(end)}`;
}

function queryOf(url: string): string | undefined {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return undefined;
  const hashStart = url.indexOf('#', queryStart);
  return url.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}
