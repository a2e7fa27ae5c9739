import { extractCredential, MAX_TOKEN_LENGTH, REDACTED, redactUrl } from './credentials.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.sig-_value';

function request(url: string, authorization?: string): Parameters<typeof extractCredential>[0] {
  return authorization === undefined
    ? { url, headers: {}, rawHeaders: [] }
    : { url, headers: { authorization }, rawHeaders: ['Authorization', authorization] };
}

/** A request with the header given twice, as Node parses it: `headers` keeps only the first. */
function twice(first: string, second: string): Parameters<typeof extractCredential>[0] {
  return {
    url: '/v1/stream',
    headers: { authorization: first },
    rawHeaders: ['Authorization', first, 'authorization', second],
  };
}

describe('extractCredential', () => {
  it('reads a Bearer token from the Authorization header (scheme case-insensitive)', () => {
    expect(extractCredential(request('/v1/stream', `Bearer ${TOKEN}`))).toEqual({
      kind: 'token',
      token: TOKEN,
      source: 'header',
    });
    expect(extractCredential(request('/v1/stream', `bearer ${TOKEN}`))).toMatchObject({
      kind: 'token',
    });
  });

  it('reads ?token= from the query string, URL-decoded', () => {
    expect(extractCredential(request(`/v1/stream?x=1&token=${TOKEN}`))).toEqual({
      kind: 'token',
      token: TOKEN,
      source: 'query',
    });
    expect(extractCredential(request('/v1/stream?token=abc%2Bdef%3D'))).toMatchObject({
      token: 'abc+def=',
    });
  });

  it('reports no credential when there is none', () => {
    expect(extractCredential(request('/v1/stream'))).toEqual({ kind: 'none' });
    expect(extractCredential({ headers: {}, rawHeaders: [] })).toEqual({ kind: 'none' });
  });

  it.each([
    ['a Basic header', request('/v1/stream', 'Basic dXNlcjpwYXNz')],
    ['an empty Bearer', request('/v1/stream', 'Bearer ')],
    ['header and query together', request(`/v1/stream?token=${TOKEN}`, `Bearer ${TOKEN}`)],
    ['the same header twice', twice(`Bearer ${TOKEN}`, `Bearer ${TOKEN}`)],
    ['two different headers', twice(`Bearer ${TOKEN}`, 'Bearer other')],
    ['token twice in the query', request(`/v1/stream?token=a&token=b`)],
    ['an empty query token', request('/v1/stream?token=')],
    ['a token with spaces', request('/v1/stream', 'Bearer a b')],
    ['an unencoded + (decodes to a space)', request('/v1/stream?token=abc+def')],
    ['bad characters', request('/v1/stream?token=%3Cscript%3E')],
    [
      'a token over the length limit',
      request('/v1/stream', `Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`),
    ],
  ])('refuses %s as malformed', (_name, req) => {
    const result = extractCredential(req);
    expect(result.kind).toBe('malformed');
    if (result.kind === 'malformed') expect(result.problem).not.toContain(TOKEN);
  });
});

describe('redactUrl', () => {
  it('replaces token values and keeps everything else byte for byte', () => {
    expect(redactUrl(`/v1/stream?a=1&token=${TOKEN}&b=%20x`)).toBe(
      `/v1/stream?a=1&token=${REDACTED}&b=%20x`,
    );
  });

  it('redacts every credential-like parameter, however the name is spelt', () => {
    const url = '/p?TOKEN=s1&access_token=s2&api_key=s3&%74oken=s4&apikey=s5&key=s6&jwt=s7';
    const redacted = redactUrl(url);
    for (const secret of ['s1', 's2', 's3', 's4', 's5', 's6', 's7']) {
      expect(redacted).not.toContain(`=${secret}`);
    }
    expect(redacted).toContain('%74oken=[REDACTED]');
  });

  it('redacts repeated tokens and leaves a fragment alone', () => {
    expect(redactUrl('/p?token=a&token=b#frag')).toBe(
      `/p?token=${REDACTED}&token=${REDACTED}#frag`,
    );
  });

  it('leaves URLs without credentials unchanged', () => {
    expect(redactUrl('/v1/stream')).toBe('/v1/stream');
    expect(redactUrl('/v1/stream?symbols=A,B&tokens=x&mytoken=y')).toBe(
      '/v1/stream?symbols=A,B&tokens=x&mytoken=y',
    );
    expect(redactUrl('/p?token')).toBe('/p?token');
  });

  it('survives malformed percent-encoding', () => {
    expect(redactUrl('/p?%E0%A4%A=1&token=abc')).toBe(`/p?%E0%A4%A=1&token=${REDACTED}`);
  });
});
