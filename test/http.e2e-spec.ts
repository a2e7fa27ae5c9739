import { ManualTickSource } from './support/manual-tick.source.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

describe('HTTP endpoints', () => {
  let source: ManualTickSource;
  let service: TestApp;
  const get = (path: string): Promise<Response> => fetch(service.baseUrl + path);

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
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const value = (line: string): number =>
      Number(new RegExp(`^${line} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('tickstream_connections')).toBe(1);
    expect(value('tickstream_subscriptions')).toBe(1);
    expect(value('tickstream_updates_sent_total')).toBeGreaterThanOrEqual(1);
    expect(value('tickstream_frames_sent_total')).toBeGreaterThanOrEqual(1);
    expect(value('tickstream_errors_total\\{code="INVALID_SYMBOL"\\}')).toBe(1);
    expect(text).toContain('tickstream_process_resident_memory_bytes');
    client.close();
  });
});
