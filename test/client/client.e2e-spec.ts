import { WebSocket } from 'ws';
import { TickstreamClient, TickstreamRequestError, type Ticker } from '../../src/client/index.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until, waitForEvent } from './wait-for-event.js';

describe('client SDK against the real service', () => {
  let source: ManualTickSource;
  let service: TestApp;
  let client: TickstreamClient;

  beforeAll(async () => {
    source = new ManualTickSource(new Set(['AAPL', 'MSFT', 'EUR/USD']));
    service = await startTestApp({}, source);
    source.emit('AAPL', 189.13);
  });
  afterAll(() => service.close());

  beforeEach(async () => {
    client = new TickstreamClient({ url: service.wsUrl, WebSocket, requestTimeoutMs: 5000 });
    const welcome = await client.connect();
    expect(welcome).toMatchObject({ type: 'welcome', protocol: 1 });
  });
  afterEach(() => client.close());

  it('subscribes, gets the snapshot, then live updates, as events and through the iterator', async () => {
    const snapshot = waitForEvent(client, 'snapshot');
    const ack = await client.subscribe(['AAPL', 'MSFT'], { throttleMs: 0 });
    expect(ack).toMatchObject({ type: 'subscribed', symbols: ['AAPL', 'MSFT'], throttleMs: 0 });
    expect((await snapshot).map((t) => t.symbol)).toEqual(['AAPL']);

    const iterator = client.tickers({ symbols: ['MSFT'] });
    const received: Ticker[] = [];
    const consumed = (async () => {
      for await (const ticker of iterator) {
        received.push(ticker);
        if (received.length === 3) break;
      }
    })();
    for (const last of [10, 11, 12]) source.emit('MSFT', last);
    await consumed;
    expect(received.map((t) => t.last)).toEqual([10, 11, 12]);
    expect(received.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(client.latest('MSFT')?.last).toBe(12);
  });

  it('rejects a refused subscribe with a typed error and holds nothing', async () => {
    const error = await client.subscribe(['AAPL', 'NOPE', 'bad']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickstreamRequestError);
    expect(error).toMatchObject({ code: 'INVALID_SYMBOL', symbols: ['NOPE', 'bad'] });
    expect(client.subscribed.size).toBe(0);
    expect((await client.list()).subscriptions).toEqual([]);
  });

  it('lists, pings and unsubscribes', async () => {
    await client.subscribe(['AAPL', 'EUR/USD'], { throttleMs: 250, snapshot: false });
    const list = await client.list();
    expect(list.subscriptions).toEqual(
      expect.arrayContaining([
        { channel: 'ticker', symbol: 'AAPL', throttleMs: 250 },
        { channel: 'ticker', symbol: 'EUR/USD', throttleMs: 250 },
      ]),
    );
    const pong = await client.ping();
    expect(pong.serverTime).toBeGreaterThan(0);
    await client.unsubscribe(['AAPL']);
    expect([...client.subscribed.keys()]).toEqual(['EUR/USD']);
    expect((await client.list()).subscriptions.map((s) => s.symbol)).toEqual(['EUR/USD']);
  });
});

describe('client SDK against the simulated market', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({ SIM_RATE: '500', SIM_SYMBOLS: '10', SIM_SEED: '7' });
  });
  afterAll(() => service.close());

  it('receives changing prices with seq strictly increasing per symbol', async () => {
    const client = new TickstreamClient({ url: service.wsUrl, WebSocket });
    try {
      await client.connect();
      const { symbols } = (await (await fetch(`${service.baseUrl}/v1/symbols`)).json()) as {
        symbols: string[];
      };
      const seen: Ticker[] = [];
      client.on('ticker', (t) => seen.push(t));
      await client.subscribe(symbols.slice(0, 3), { throttleMs: 0 });
      await until(client, 'ticker', () => seen.length >= 100);
      const lastSeq = new Map<string, number>();
      for (const ticker of seen) {
        expect(ticker.seq).toBeGreaterThan(lastSeq.get(ticker.symbol) ?? 0);
        lastSeq.set(ticker.symbol, ticker.seq);
      }
      expect(new Set(seen.map((t) => t.last)).size).toBeGreaterThan(1);
    } finally {
      await client.close();
    }
  });
});
