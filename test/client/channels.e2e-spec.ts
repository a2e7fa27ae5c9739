import { WebSocket } from 'ws';
import {
  CandleSeries,
  TickstreamClient,
  TickstreamRequestError,
  type BookMismatch,
  type BookUpdate,
  type Trade,
  type TradeGap,
} from '../../src/client/index.js';
import { compareDecimals } from '../../src/market/decimal-string.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { CuttableProxy } from './cuttable-proxy.js';
import { until, waitForEvent } from './wait-for-event.js';

/** Fast backoff: the cut below reconnects within tens of ms. */
const FAST_BACKOFF = { initialMs: 30, maxMs: 200, factor: 2, jitter: 0.5 };

/**
 * The SDK on the trades, candles and book channels against the real service and its
 * simulated market: typed subscriptions, checksum-verified local books, candle bars, and
 * trades that survive a dropped connection with neither loss nor repeat.
 */
describe('client SDK channels against the simulated market', () => {
  let service: TestApp;
  let client: TickstreamClient;
  let errors: Error[];

  beforeAll(async () => {
    // 5 symbols at 1000 events/s: each trades and moves its book ~200 times a second.
    // No trades in a snapshot without `since`: only a resumption can bring missed trades back.
    service = await startTestApp({
      SIM_RATE: '1000',
      SIM_SYMBOLS: '5',
      SIM_SEED: '11',
      TRADES_SNAPSHOT: '0',
    });
  });
  afterAll(() => service?.close());

  const newClient = (url = service.wsUrl, backoff = FAST_BACKOFF): TickstreamClient => {
    client = new TickstreamClient({ url, WebSocket, backoff });
    errors = [];
    client.on('error', (e) => errors.push(e));
    return client;
  };
  afterEach(() => client?.close());

  it('keeps a local book per symbol that matches the server checksum after every frame', async () => {
    newClient();
    const welcome = await client.connect();
    expect(welcome.channels).toEqual(expect.arrayContaining(['trades', 'candles', 'book']));
    const updates: BookUpdate[] = [];
    const mismatches: BookMismatch[] = [];
    client.on('book', (u) => updates.push(u));
    client.on('bookMismatch', (m) => mismatches.push(m));

    const ack = await client.subscribe({
      channel: 'book',
      symbols: ['AAPL', 'BTC-USD'],
      depth: 10,
      throttleMs: 0,
    });
    expect(ack).toMatchObject({ channel: 'book', depth: 10, throttleMs: 0 });
    await until(
      client,
      'book',
      () => updates.filter((u) => u.kind === 'update' && u.symbol === 'AAPL').length >= 50,
    );
    for (const symbol of ['AAPL', 'BTC-USD']) {
      const book = client.book(symbol);
      expect(book).toMatchObject({ symbol, depth: 10, synced: true });
      expect(book?.bids).toHaveLength(10);
      expect(book?.asks).toHaveLength(10);
      const [bestBid] = book?.bids[0] ?? [];
      const [bestAsk] = book?.asks[0] ?? [];
      expect(compareDecimals(bestBid as string, bestAsk as string)).toBeLessThan(0);
    }
    expect(updates[0]?.kind).toBe('snapshot');
    expect(mismatches).toEqual([]);

    // Another depth replaces the book with a fresh snapshot at that depth.
    const deeper = waitForEvent(client, 'book', (u) => u.kind === 'snapshot');
    await client.subscribe({ channel: 'book', symbols: ['AAPL'], depth: 25, throttleMs: 100 });
    expect((await deeper).book).toMatchObject({ symbol: 'AAPL', depth: 25, synced: true });
    expect(client.book('AAPL')?.bids).toHaveLength(25);
    expect(mismatches).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('builds candle bars with a CandleSeries: UTC-aligned, closed bars before the next', async () => {
    newClient();
    await client.connect();
    const series = new CandleSeries('MSFT', '1s');
    client.on('candle', (c) => series.apply(c));
    await client.subscribe({
      channel: 'candles',
      symbols: ['MSFT'],
      interval: '1s',
      history: 5,
      throttleMs: 100,
    });
    // A bar that closed while we watched, and the one after it.
    const firstStart = await new Promise<number>((resolve) =>
      client.once('candle', (c) => resolve(c.start)),
    );
    await until(client, 'candle', () => series.bars.some((b) => b.start > firstStart && b.closed));
    const bars = series.bars;
    expect(bars.length).toBeGreaterThanOrEqual(2);
    for (const [i, bar] of bars.entries()) {
      expect(bar.start % 1000).toBe(0);
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      if (i > 0) expect(bar.start).toBeGreaterThan((bars[i - 1] as (typeof bars)[0]).start);
      if (i < bars.length - 1) expect(bar.closed).toBe(true);
    }
    expect(errors).toEqual([]);
  });

  it('refuses channel fields that do not belong, with typed errors', async () => {
    newClient();
    await client.connect();
    const refused = await client
      .subscribe({ channel: 'book', symbols: ['AAPL'], depth: 7 as 10 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TickstreamRequestError);
    expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
    expect(client.held()).toEqual([]);
  });

  it('resumes trades after a dropped connection with since: nothing missed, nothing twice', async () => {
    const proxy = await CuttableProxy.start(Number(new URL(service.wsUrl).port));
    try {
      // 300 ms down: every symbol trades dozens of times meanwhile.
      newClient(`ws://127.0.0.1:${proxy.port}/v1/stream`, {
        ...FAST_BACKOFF,
        initialMs: 300,
        jitter: 0,
      });
      await client.connect();
      const trades: Trade[] = [];
      const gaps: TradeGap[] = [];
      client.on('trade', (t) => trades.push(t));
      client.on('tradeGap', (g) => gaps.push(g));
      const symbols = ['AAPL', 'BTC-USD', 'EUR/USD'];
      await client.subscribe({ channel: 'trades', symbols });
      await until(client, 'trade', () => trades.length >= 100);

      const before = trades.length;
      const lastBefore = client.lastTradeSeq('AAPL');
      const reopened = waitForEvent(client, 'welcome');
      proxy.cut();
      await reopened;
      // Trades went on while the connection was down; only the resumption (`since`) brings them.
      await until(client, 'trade', () => trades.length >= before + 100);
      expect(client.lastTradeSeq('AAPL')).toBeGreaterThan(lastBefore ?? 0);

      expect(gaps).toEqual([]);
      for (const symbol of symbols) {
        const seqs = trades.filter((t) => t.symbol === symbol).map((t) => t.seq);
        expect(seqs.length).toBeGreaterThan(1);
        // Every seq once, each +1: the snapshot before the cut, live, the resumption, live.
        const expected = Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i);
        expect({ symbol, seqs }).toEqual({ symbol, seqs: expected });
      }
      expect(errors).toEqual([]);
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});
