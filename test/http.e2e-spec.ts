import { Registry } from 'prom-client';
import { ManualTickSource } from './support/manual-tick.source.js';
import { recordErrorLogs } from './support/error-log-recorder.js';
import { getHead, rawRequest } from './support/raw-http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

describe('HTTP endpoints', () => {
  let source: ManualTickSource;
  let service: TestApp;
  const get = (path: string): Promise<Response> => fetch(service.baseUrl + path);
  const port = (): number => Number(new URL(service.baseUrl).port);

  beforeAll(async () => {
    source = new ManualTickSource(new Set(['AAPL', 'EUR/USD', 'LISTED']));
    service = await startTestApp({}, source);
    source.emit('AAPL', 189.13);
    source.emit('EUR/USD', 1.0845);
  });
  afterAll(() => service.close());

  it('GET /v1/symbols lists symbols with a price, sorted', async () => {
    const response = await get('/v1/symbols');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ symbols: ['AAPL', 'EUR/USD'] });
  });

  it('GET /v1/tickers/:symbol returns the full ticker; "/" is URL-encoded', async () => {
    const response = await get('/v1/tickers/EUR%2FUSD');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      symbol: 'EUR/USD',
      last: 1.0845,
      seq: 1,
      open: 1.0845,
    });
  });

  it('GET /v1/tickers/:symbol is 404 UNKNOWN_SYMBOL for an unknown symbol and 400 for a malformed one', async () => {
    const unknown = await get('/v1/tickers/NOPE');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'UNKNOWN_SYMBOL', symbols: ['NOPE'] });
    const invalid = await get('/v1/tickers/aapl');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'INVALID_SYMBOL' });
  });

  it('GET /v1/tickers?symbols=A,B returns those tickers; unknown ones are a 404 naming them', async () => {
    const ok = await get('/v1/tickers?symbols=AAPL,EUR%2FUSD');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { data: Array<{ symbol: string }> };
    expect(body.data.map((t) => t.symbol)).toEqual(['AAPL', 'EUR/USD']);
    const missing = await get('/v1/tickers?symbols=AAPL,NOPE,LISTED');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      code: 'UNKNOWN_SYMBOL',
      symbols: ['NOPE', 'LISTED'],
    });
    const all = (await (await get('/v1/tickers')).json()) as { data: unknown[] };
    expect(all.data).toHaveLength(2);
  });

  /** 501 well-formed symbols: one over the limit. */
  const tooMany = Array.from({ length: 501 }, (_, i) => `S${i}`).join(',');
  const long = 'A'.repeat(5000);

  // Every query and path parameter of every REST route, each bad in every way we know: a clear
  // 4xx with the REST error body, never a 500 and never a silent "everything".
  it.each([
    [
      'symbols twice',
      400,
      'BAD_REQUEST',
      '/v1/tickers?symbols=AAPL&symbols=EUR%2FUSD',
      /given more than once: symbols/,
    ],
    [
      'symbols[] (array syntax)',
      400,
      'BAD_REQUEST',
      '/v1/tickers?symbols[]=AAPL',
      /Unknown query parameters: symbols\[\]/,
    ],
    [
      'symbols[a] (object syntax)',
      400,
      'BAD_REQUEST',
      '/v1/tickers?symbols[a]=AAPL',
      /Unknown query parameters: symbols\[a\]/,
    ],
    [
      'a misspelt parameter',
      400,
      'BAD_REQUEST',
      '/v1/tickers?symbol=AAPL',
      /Unknown query parameters: symbol;/,
    ],
    [
      'a parameter in another case',
      400,
      'BAD_REQUEST',
      '/v1/tickers?Symbols=AAPL',
      /Unknown query parameters: Symbols;/,
    ],
    [
      'an empty symbols',
      400,
      'BAD_REQUEST',
      '/v1/tickers?symbols=',
      /give 1\.\.500 symbols \(got 0\)/,
    ],
    [
      'symbols without =',
      400,
      'BAD_REQUEST',
      '/v1/tickers?symbols',
      /give 1\.\.500 symbols \(got 0\)/,
    ],
    [
      'symbols of separators',
      400,
      'BAD_REQUEST',
      '/v1/tickers?symbols=,%20,',
      /give 1\.\.500 symbols \(got 0\)/,
    ],
    [
      '501 symbols',
      400,
      'BAD_REQUEST',
      `/v1/tickers?symbols=${tooMany}`,
      /give 1\.\.500 symbols \(got 501\)/,
    ],
    ['a 5000-character symbol', 400, 'INVALID_SYMBOL', `/v1/tickers?symbols=${long}`, /must match/],
    ['a lone % in symbols', 400, 'INVALID_SYMBOL', '/v1/tickers?symbols=%', /must match/],
    [
      'broken percent-encoding in symbols',
      400,
      'INVALID_SYMBOL',
      '/v1/tickers?symbols=%E0%A4%A',
      /must match/,
    ],
    ['a NUL in symbols', 400, 'INVALID_SYMBOL', '/v1/tickers?symbols=AAPL,%00', /must match/],
    ['a lower-case symbol', 400, 'INVALID_SYMBOL', '/v1/tickers?symbols=AAPL,aapl', /must match/],
    [
      'token twice (AUTH_MODE=none)',
      400,
      'BAD_REQUEST',
      '/v1/tickers?token=a&token=b',
      /given more than once: token/,
    ],
    [
      'a parameter of /v1/symbols',
      400,
      'BAD_REQUEST',
      '/v1/symbols?symbols=AAPL',
      /Unknown query parameters: symbols; this route takes token$/,
    ],
    [
      'parameters of /v1/tickers/:symbol',
      400,
      'BAD_REQUEST',
      '/v1/tickers/AAPL?x=1&y=2',
      /Unknown query parameters: x, y;/,
    ],
    ['a lone % as :symbol', 400, 'BAD_REQUEST', '/v1/tickers/%', /Failed to decode param/],
    [
      'broken percent-encoding as :symbol',
      400,
      'BAD_REQUEST',
      '/v1/tickers/%E0%A4%A',
      /Failed to decode param/,
    ],
    ['a space as :symbol', 400, 'INVALID_SYMBOL', '/v1/tickers/%20', /must match/],
    ['a dot as :symbol', 400, 'INVALID_SYMBOL', '/v1/tickers/.', /must match/],
    ['a 5000-character :symbol', 400, 'INVALID_SYMBOL', `/v1/tickers/${long}`, /must match/],
    [
      'an unencoded / in :symbol',
      400,
      'INVALID_SYMBOL',
      '/v1/tickers/EUR/USD',
      /URL-encode "\/" as %2F/,
    ],
    ['an empty :symbol', 400, 'INVALID_SYMBOL', '/v1/tickers//', /URL-encode "\/" as %2F/],
    ['an unknown route under /v1', 404, 'NOT_FOUND', '/v1/nope', /Cannot GET \/v1\/nope/],
  ] as const)('GET with %s is %i %s, in JSON', async (_name, status, code, path, message) => {
    const errors = recordErrorLogs();
    const answer = await rawRequest(port(), getHead(path)).finally(() => errors.restore());
    expect(errors.messages).toEqual([]);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect({ status: answer.status, body: JSON.parse(answer.body) as unknown }).toEqual({
      status,
      body: expect.objectContaining({ code, message: expect.stringMatching(message) }),
    });
  });

  it('quotes malformed input back cut short, never whole', async () => {
    const answer = await rawRequest(port(), getHead(`/v1/tickers?symbols=${long},${long}B`));
    const body = JSON.parse(answer.body) as { symbols: string[] };
    expect(body.symbols).toEqual([`${'A'.repeat(40)}…`, `${'A'.repeat(40)}…`]);
    expect(answer.body.length).toBeLessThan(500);
  });

  it('accepts percent-encoded names and values, empty items and repeats within the list', async () => {
    const answer = await get('/v1/tickers?%73ymbols=EUR%2FUSD,,AAPL,EUR%2FUSD');
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data: Array<{ symbol: string }> };
    expect(body.data.map((t) => t.symbol)).toEqual(['EUR/USD', 'AAPL']);
  });

  it('GET /health/live is always 200; /health/ready follows the source', async () => {
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/health/ready')).status).toBe(200);
    source.setReady(false);
    try {
      const notReady = await get('/health/ready');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({
        status: 'not ready',
        checks: { 'source:manual': false },
      });
    } finally {
      source.setReady(true);
    }
  });

  it('GET /metrics exposes connections, subscriptions, updates, frames and errors by code', async () => {
    const client = await TestClient.connect(service.wsUrl);
    await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL'] });
    await client.request({ op: 'subscribe', id: 2, symbols: ['nope'] });
    source.emit('AAPL', 190);
    await client.next('update');
    const response = await get('/metrics');
    // The registry's own exposition content type, whatever prom-client version renders it.
    expect(response.headers.get('content-type')).toBe(new Registry().contentType);
    const text = await response.text();
    const value = (line: string): number =>
      Number(new RegExp(`^${line} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('tickstream_connections')).toBe(1);
    expect(value('tickstream_subscriptions')).toBe(1);
    expect(value('tickstream_updates_sent_total')).toBeGreaterThanOrEqual(1);
    expect(value('tickstream_frames_sent_total')).toBeGreaterThanOrEqual(1);
    expect(value('tickstream_errors_total\\{code="INVALID_SYMBOL"\\}')).toBe(1);
    expect(text).toContain('tickstream_process_resident_memory_bytes');
    expect(value('tickstream_ingest_consumer_restarts_total')).toBe(0);
    expect(value('tickstream_limit\\{name="slow_consumer_window_bytes"\\}')).toBe(1_048_576);
    client.close();
  });
});
