import { bookChecksum } from '../../src/market/book-checksum.js';
import type { BookLevel } from '../../src/market/book-level.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DESK_KEY = 'desk-key-0123456789';

interface Answer {
  readonly status: number;
  readonly body: { code?: string; data?: unknown[] } & Record<string, unknown>;
}

async function get(service: TestApp, path: string, token?: string): Promise<Answer> {
  const response = await fetch(service.baseUrl + path, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

function trade(symbol: string, seq: number, price = 100 + seq) {
  return {
    symbol,
    seq,
    tradeId: `${symbol}-${seq}`,
    ts: Date.now(),
    price,
    size: 0.5,
    side: 'buy' as const,
  };
}

describe('REST routes of the trades, candles and book channels', () => {
  let source: ManualTickSource;
  let service: TestApp;
  const bids: BookLevel[] = [
    ['99.50', '1.000'],
    ['99.40', '2.000'],
  ];
  const asks: BookLevel[] = [['99.60', '3.000']];

  beforeAll(async () => {
    source = new ManualTickSource(new Set(['AAPL', 'EUR/USD', 'QUIET']));
    service = await startTestApp({ TRADES_HISTORY: '20', TRADES_SNAPSHOT: '5' }, source);
    for (let seq = 1; seq <= 30; seq++) source.emitTrade(trade('AAPL', seq));
    source.emitBook({ symbol: 'EUR/USD', kind: 'snapshot', seq: 7, ts: Date.now(), bids, asks });
  });
  afterAll(() => service.close());

  it('GET /v1/trades/:symbol: the last TRADES_SNAPSHOT trades by default, `limit` up to TRADES_HISTORY', async () => {
    const byDefault = await get(service, '/v1/trades/AAPL');
    expect(byDefault.status).toBe(200);
    expect((byDefault.body.data as Array<{ seq: number }>).map((t) => t.seq)).toEqual([
      26, 27, 28, 29, 30,
    ]);
    const twenty = await get(service, '/v1/trades/AAPL?limit=20');
    expect((twenty.body.data as Array<{ seq: number }>).map((t) => t.seq)[0]).toBe(11);
    expect(await get(service, '/v1/trades/QUIET')).toEqual({ status: 200, body: { data: [] } });
  });

  it('GET /v1/candles/:symbol: closed bars then the open bar, `interval` required', async () => {
    const answer = await get(service, '/v1/candles/AAPL?interval=1d&limit=5');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([
      expect.objectContaining({
        symbol: 'AAPL',
        interval: '1d',
        trades: 30,
        open: 101,
        close: 130,
        closed: false,
      }),
    ]);
  });

  it('GET /v1/book/:symbol: a snapshot entry with its checksum; 404 NOT_FOUND while there is no book', async () => {
    const answer = await get(service, '/v1/book/EUR%2FUSD?depth=25');
    expect(answer).toEqual({
      status: 200,
      body: {
        symbol: 'EUR/USD',
        seq: 7,
        ts: expect.any(Number),
        bids,
        asks,
        checksum: bookChecksum(asks, bids),
      },
    });
    expect(await get(service, '/v1/book/AAPL')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', symbols: ['AAPL'] },
    });
  });

  it.each([
    ['/v1/trades/AAPL?limit=21', 400, 'BAD_REQUEST'],
    ['/v1/trades/AAPL?limit=-1', 400, 'BAD_REQUEST'],
    ['/v1/trades/AAPL?limit=1e2', 400, 'BAD_REQUEST'],
    ['/v1/trades/AAPL?limit=5&limit=6', 400, 'BAD_REQUEST'],
    ['/v1/trades/AAPL?symbol=AAPL', 400, 'BAD_REQUEST'],
    ['/v1/trades/aapl', 400, 'INVALID_SYMBOL'],
    ['/v1/trades/EUR/USD', 400, 'INVALID_SYMBOL'],
    ['/v1/trades/NOPE', 404, 'UNKNOWN_SYMBOL'],
    ['/v1/candles/AAPL', 400, 'BAD_REQUEST'],
    ['/v1/candles/AAPL?interval=2m', 400, 'BAD_REQUEST'],
    ['/v1/candles/AAPL?interval=1m&limit=1001', 400, 'BAD_REQUEST'],
    ['/v1/candles/NOPE?interval=1m', 404, 'UNKNOWN_SYMBOL'],
    ['/v1/book/EUR%2FUSD?depth=20', 400, 'BAD_REQUEST'],
    ['/v1/book/EUR/USD', 400, 'INVALID_SYMBOL'],
    ['/v1/book/NOPE', 404, 'UNKNOWN_SYMBOL'],
  ])('GET %s is %i %s', async (path, status, code) => {
    expect(await get(service, path)).toMatchObject({ status, body: { code } });
  });
});

describe('REST channel routes: credentials, entitlements and served channels', () => {
  let service: TestApp;

  afterEach(() => service.close());

  it('takes the stream credential and its entitlements', async () => {
    const source = new ManualTickSource(new Set(['AAPL', 'BTC-USD']));
    service = await startTestApp(
      { AUTH_MODE: 'apikey', API_KEYS: `desk=${DESK_KEY};symbols=*-USD` },
      source,
    );
    for (const path of [
      '/v1/trades/BTC-USD',
      '/v1/candles/BTC-USD?interval=1m',
      '/v1/book/BTC-USD',
    ]) {
      expect(await get(service, path)).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHORIZED' },
      });
    }
    expect((await get(service, '/v1/trades/BTC-USD', DESK_KEY)).status).toBe(200);
    expect((await get(service, '/v1/candles/BTC-USD?interval=1m', DESK_KEY)).status).toBe(200);
    for (const path of ['/v1/trades/AAPL', '/v1/candles/AAPL?interval=1m', '/v1/book/AAPL']) {
      expect(await get(service, path, DESK_KEY)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN', symbols: ['AAPL'] },
      });
    }
  });

  it('answers 404 NOT_FOUND for a channel the source does not feed', async () => {
    const source = new ManualTickSource(new Set(['AAPL']), ['ticks']);
    service = await startTestApp({}, source);
    for (const path of ['/v1/trades/AAPL', '/v1/candles/AAPL?interval=1m', '/v1/book/AAPL']) {
      expect(await get(service, path)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    }
  });
});
