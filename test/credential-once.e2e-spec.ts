import { ManualTickSource } from './support/manual-tick.source.js';
import { getHead, rawRequest, upgradeHead } from './support/raw-http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const KEY = 'desk-key-0123456789';
const OTHER = 'other-key-0123456789';

/**
 * Ways of giving a credential more than once, each as the query string and the
 * header lines it adds. `fetch` and `ws` merge or refuse repeated headers, so
 * these requests are written on raw sockets.
 */
const TWICE: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  [
    'the same Authorization header twice',
    '',
    [`Authorization: Bearer ${KEY}`, `Authorization: Bearer ${KEY}`],
  ],
  [
    'two different Authorization headers',
    '',
    [`Authorization: Bearer ${KEY}`, `Authorization: Bearer ${OTHER}`],
  ],
  [
    'an invalid then a valid header',
    '',
    [`Authorization: Bearer ${OTHER}`, `authorization: Bearer ${KEY}`],
  ],
  ['a header and ?token=, equal', `?token=${KEY}`, [`Authorization: Bearer ${KEY}`]],
  ['two token parameters, equal', `?token=${KEY}&token=${KEY}`, []],
  ['two token parameters, one percent-encoded', `?%74oken=${KEY}&token=${OTHER}`, []],
];

describe('a credential given more than once', () => {
  let service: TestApp;
  let port: number;

  beforeAll(async () => {
    const source = new ManualTickSource(new Set(['AAPL']));
    service = await startTestApp(
      { AUTH_MODE: 'apikey', API_KEYS: `desk=${KEY};symbols=*,other=${OTHER};symbols=*` },
      source,
    );
    source.emit('AAPL', 10);
    port = Number(new URL(service.baseUrl).port);
  });
  afterAll(() => service.close());

  it('is admitted once, from the header or from the query (control)', async () => {
    expect(
      (await rawRequest(port, upgradeHead('/v1/stream', [`Authorization: Bearer ${KEY}`]))).status,
    ).toBe(101);
    expect((await rawRequest(port, upgradeHead(`/v1/stream?token=${KEY}`))).status).toBe(101);
    expect(
      (await rawRequest(port, getHead('/v1/tickers/AAPL', [`Authorization: Bearer ${KEY}`])))
        .status,
    ).toBe(200);
  });

  it.each(TWICE)('refuses %s at the upgrade with 401', async (_name, query, headers) => {
    const answer = await rawRequest(port, upgradeHead(`/v1/stream${query}`, headers));
    expect({ status: answer.status, auth: answer.headers['www-authenticate'] }).toEqual({
      status: 401,
      auth: expect.stringMatching(/^Bearer/),
    });
  });

  it.each(TWICE)('refuses %s on REST with 401 in JSON', async (_name, query, headers) => {
    const answer = await rawRequest(port, getHead(`/v1/tickers/AAPL${query}`, headers));
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('malformed_credentials'),
    });
  });
});
