import { SignJWT } from 'jose';
import { ManualTickSource } from './support/manual-tick.source.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LISTED = new Set(['AAPL', 'MSFT', 'BTC-USD', 'FX:EURUSD']);
const DESK_KEY = 'desk-key-0123456789';
const OPS_KEY = 'ops-key-0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789-0123456789-abcdef';
const SECRET = 'a-test-secret-of-at-least-32-bytes-long!';

/** Starts the service on a manual feed and gives every listed symbol a price. */
async function start(env: Record<string, string>): Promise<TestApp> {
  const source = new ManualTickSource(LISTED);
  const service = await startTestApp(env, source);
  for (const symbol of LISTED) source.emit(symbol, 10);
  return service;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** GETs `path` with `headers` and reads the body as JSON when it is JSON. */
async function get(
  service: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(service.baseUrl + path, { headers });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return {
    status: response.status,
    headers: response.headers,
    body: json ? JSON.parse(text) : text,
  };
}

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

describe('REST with AUTH_MODE=apikey', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await start({
      AUTH_MODE: 'apikey',
      API_KEYS: `desk=${DESK_KEY};symbols=FX:*|*-USD,ops=${OPS_KEY};symbols=*`,
      METRICS_TOKEN,
      ALLOWED_ORIGINS: 'https://trader.example.com',
    });
  });
  afterAll(() => service.close());

  it.each(['/v1/symbols', '/v1/tickers', '/v1/tickers?symbols=AAPL', '/v1/tickers/AAPL'])(
    'GET %s without a credential, or with an unknown one, is 401 UNAUTHORIZED in JSON',
    async (path) => {
      for (const headers of [{}, bearer('unknown-key-0123456789')]) {
        const answer = await get(service, path, headers);
        expect(answer).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      }
      const byQuery = await get(service, `${path}${path.includes('?') ? '&' : '?'}token=nope`);
      expect(byQuery.status).toBe(401);
    },
  );

  it('lists and serves only the symbols a key is entitled to', async () => {
    expect(await get(service, '/v1/symbols', bearer(DESK_KEY))).toMatchObject({
      status: 200,
      body: { symbols: ['BTC-USD', 'FX:EURUSD'] },
    });
    const all = await get(service, '/v1/tickers', bearer(DESK_KEY));
    expect((all.body as { data: Array<{ symbol: string }> }).data.map((t) => t.symbol)).toEqual([
      'BTC-USD',
      'FX:EURUSD',
    ]);
    expect(await get(service, `/v1/tickers/FX:EURUSD?token=${DESK_KEY}`)).toMatchObject({
      status: 200,
      body: { symbol: 'FX:EURUSD' },
    });
    expect(await get(service, '/v1/symbols', bearer(OPS_KEY))).toMatchObject({
      body: { symbols: ['AAPL', 'BTC-USD', 'FX:EURUSD', 'MSFT'] },
    });
  });

  it('answers 403 FORBIDDEN naming the symbols a key may not read', async () => {
    expect(await get(service, '/v1/tickers/AAPL', bearer(DESK_KEY))).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', symbols: ['AAPL'] },
    });
    expect(
      await get(service, '/v1/tickers?symbols=BTC-USD,AAPL,MSFT', bearer(DESK_KEY)),
    ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', symbols: ['AAPL', 'MSFT'] } });
  });

  it('refuses a disallowed browser Origin with 403, as the upgrade does', async () => {
    expect(
      await get(service, '/v1/symbols', {
        ...bearer(DESK_KEY),
        Origin: 'https://evil.example.net',
      }),
    ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('keeps health open', async () => {
    expect((await get(service, '/health/live')).status).toBe(200);
    expect((await get(service, '/health/ready')).status).toBe(200);
  });

  it('opens /metrics to the METRICS_TOKEN in the header only, never to a stream key', async () => {
    for (const headers of [{}, bearer(DESK_KEY), bearer(OPS_KEY), bearer('x'.repeat(40))]) {
      const answer = await get(service, '/metrics', headers);
      expect(answer).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    }
    expect((await get(service, `/metrics?token=${METRICS_TOKEN}`)).status).toBe(401);
    const scraped = await get(service, '/metrics', bearer(METRICS_TOKEN));
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('tickstream_connections');
  });
});

describe('REST with AUTH_MODE=jwt', () => {
  let service: TestApp;
  const sign = (claims: Record<string, unknown>, expiresIn: string | number = '1h') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('reader')
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(SECRET));

  beforeAll(async () => {
    service = await start({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET });
  });
  afterAll(() => service.close());

  it('applies the token symbol claims and refuses an expired token', async () => {
    const token = await sign({ symbols: ['AAPL'] });
    expect(await get(service, '/v1/tickers/AAPL', bearer(token))).toMatchObject({ status: 200 });
    expect(await get(service, '/v1/tickers/MSFT', bearer(token))).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', symbols: ['MSFT'] },
    });
    const expired = await sign({ symbols: ['AAPL'] }, Math.floor(Date.now() / 1000) - 600);
    expect(await get(service, '/v1/tickers/AAPL', bearer(expired))).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED', message: expect.stringContaining('token_expired') },
    });
  });

  it('leaves /metrics open when METRICS_TOKEN is unset', async () => {
    expect((await get(service, '/metrics')).status).toBe(200);
  });
});

describe('METRICS_TOKEN at boot', () => {
  it('refuses a short token, naming the variable and never the value', async () => {
    const short = 'too-short-metrics-token';
    await expect(startTestApp({ METRICS_TOKEN: short })).rejects.toThrow(
      /METRICS_TOKEN: must be 32\.\.512 characters/,
    );
    await expect(startTestApp({ METRICS_TOKEN: short })).rejects.not.toThrow(short);
  });
});
