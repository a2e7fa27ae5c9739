import type { BookRecord } from '../../src/market/book-level.js';
import type { MarketFeed } from '../../src/market/market-feed.js';
import type { ErrorMessage, ServerMessage } from '../../src/protocol/messages.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { metricValue } from '../support/metrics.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClient } from '../support/test-client.js';

const LISTED = new Set(['AAPL', 'MSFT', 'BTC-USD', 'ETH-USD', 'NOBOOK']);
const DESK_KEY = 'desk-key-0123456789';

function book(
  symbol: string,
  seq: number,
  kind: BookRecord['kind'] = 'snapshot',
  bid = '99.50',
): BookRecord {
  return { symbol, kind, seq, ts: Date.now(), bids: [[bid, '1.000']], asks: [['100.50', '2.000']] };
}

describe('channel requests over a real socket', () => {
  let source: ManualTickSource;
  let service: TestApp;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    source = new ManualTickSource(LISTED);
    service = await startTestApp({ MAX_SYMBOLS: '2' }, source);
    source.emit('AAPL', 190);
    source.emitBook(book('BTC-USD', 1));
    source.emitBook(book('ETH-USD', 1));
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => service.close());

  async function connect(): Promise<TestClient> {
    const client = await TestClient.connect(service.wsUrl);
    clients.push(client);
    return client;
  }

  let nextId = 0;
  async function request(
    client: TestClient,
    body: Record<string, unknown>,
  ): Promise<ServerMessage> {
    return client.request({ id: ++nextId, ...body });
  }

  async function expectBadRequest(body: Record<string, unknown>, fields: string[]): Promise<void> {
    const client = await connect();
    const reply = (await request(client, body)) as ErrorMessage;
    expect({
      body,
      code: reply.code,
      fields: (reply.details ?? []).map((d) => 'field' in d && d.field),
    }).toEqual({
      body,
      code: 'BAD_REQUEST',
      fields,
    });
    expect(await request(client, { op: 'list' })).toMatchObject({ subscriptions: [] });
  }

  it('welcome lists every channel the source feeds', async () => {
    const client = await connect();
    expect(client.received[0]).toMatchObject({ channels: ['ticker', 'trades', 'candles', 'book'] });
  });

  it.each([
    [{ op: 'subscribe', symbols: ['AAPL'], interval: '1m' }, ['interval']],
    [{ op: 'subscribe', channel: 'trades', symbols: ['AAPL'], history: 5 }, ['history']],
    [
      { op: 'subscribe', channel: 'candles', symbols: ['AAPL'], interval: '1m', depth: 10 },
      ['depth'],
    ],
    [{ op: 'subscribe', channel: 'book', symbols: ['AAPL'], since: { AAPL: 1 } }, ['since']],
    [{ op: 'subscribe', symbols: ['AAPL'], depth: 10, since: { AAPL: 1 } }, ['depth', 'since']],
    [{ op: 'subscribe', channel: 'trades', symbols: ['*'] }, ['symbols']],
    [{ op: 'subscribe', channel: 'candles', symbols: ['*'], interval: '1m' }, ['symbols']],
    [{ op: 'subscribe', channel: 'book', symbols: ['AAPL', '*'] }, ['symbols']],
    [{ op: 'unsubscribe', channel: 'book', symbols: ['*'] }, ['symbols']],
    [{ op: 'subscribe', channel: 'trades', symbols: ['AAPL'], throttleMs: 100 }, ['throttleMs']],
    [{ op: 'subscribe', channel: 'trades', symbols: ['AAPL'], since: { MSFT: 1 } }, ['since']],
    [
      {
        op: 'subscribe',
        channel: 'trades',
        symbols: ['AAPL'],
        since: { AAPL: 1 },
        snapshot: false,
      },
      ['since'],
    ],
    [{ op: 'subscribe', channel: 'trades', symbols: ['AAPL'], since: { AAPL: -1 } }, ['since']],
    [{ op: 'subscribe', channel: 'trades', symbols: ['AAPL'], since: { AAPL: 1.5 } }, ['since']],
    [{ op: 'subscribe', channel: 'trades', symbols: ['AAPL'], since: [1] }, ['since']],
    [{ op: 'subscribe', channel: 'trades', symbols: ['AAPL'], since: null }, ['since']],
    [{ op: 'subscribe', channel: 'candles', symbols: ['AAPL'] }, ['interval']],
    [{ op: 'subscribe', channel: 'candles', symbols: ['AAPL'], interval: '2m' }, ['interval']],
    [{ op: 'subscribe', channel: 'candles', symbols: ['AAPL'], interval: null }, ['interval']],
    [
      { op: 'subscribe', channel: 'candles', symbols: ['AAPL'], interval: '1m', history: 1001 },
      ['history'],
    ],
    [
      { op: 'subscribe', channel: 'candles', symbols: ['AAPL'], interval: '1m', history: -1 },
      ['history'],
    ],
    [
      { op: 'subscribe', channel: 'candles', symbols: ['AAPL'], interval: '1m', history: 1.5 },
      ['history'],
    ],
    [{ op: 'subscribe', channel: 'book', symbols: ['AAPL'], depth: 20 }, ['depth']],
    [{ op: 'subscribe', channel: 'book', symbols: ['AAPL'], depth: '10' }, ['depth']],
    [{ op: 'subscribe', channel: 'book', symbols: ['AAPL'], depth: null }, ['depth']],
    [{ op: 'unsubscribe', channel: 'book', symbols: ['AAPL'], depth: 10 }, ['depth']],
    [{ op: 'unsubscribe', channel: 'book', symbols: ['AAPL'], interval: '1m' }, ['interval']],
    [{ op: 'unsubscribe', channel: 'candles', symbols: ['AAPL'], interval: '7m' }, ['interval']],
  ])('BAD_REQUEST for %j names %j and changes nothing', async (body, fields) => {
    await expectBadRequest(body, fields);
  });

  it('throttleMs 0 on trades is fine, and the MIN_THROTTLE_MS floor never applies there', async () => {
    const client = await connect();
    expect(
      await request(client, {
        op: 'subscribe',
        channel: 'trades',
        symbols: ['AAPL'],
        throttleMs: 0,
      }),
    ).toMatchObject({ type: 'subscribed', channel: 'trades', symbols: ['AAPL'], throttleMs: 0 });
  });

  it('maxSymbols bounds each channel separately; each candle interval counts as one', async () => {
    const client = await connect();
    const ok = (m: ServerMessage): void => expect(m.type).toBe('subscribed');
    ok(await request(client, { op: 'subscribe', symbols: ['AAPL', 'MSFT'] }));
    ok(await request(client, { op: 'subscribe', channel: 'trades', symbols: ['AAPL', 'MSFT'] }));
    ok(await request(client, { op: 'subscribe', channel: 'book', symbols: ['AAPL', 'MSFT'] }));
    ok(
      await request(client, {
        op: 'subscribe',
        channel: 'candles',
        symbols: ['AAPL'],
        interval: '1m',
      }),
    );
    ok(
      await request(client, {
        op: 'subscribe',
        channel: 'candles',
        symbols: ['AAPL'],
        interval: '5m',
      }),
    );
    // Held keys do not count twice.
    ok(
      await request(client, {
        op: 'subscribe',
        channel: 'candles',
        symbols: ['AAPL'],
        interval: '5m',
      }),
    );
    for (const body of [
      { op: 'subscribe', channel: 'candles', symbols: ['AAPL'], interval: '1h' },
      { op: 'subscribe', channel: 'trades', symbols: ['BTC-USD'] },
      { op: 'subscribe', channel: 'book', symbols: ['BTC-USD'] },
      { op: 'subscribe', channel: 'book', symbols: ['AAPL', 'MSFT', 'BTC-USD'] },
    ]) {
      expect(await request(client, body)).toMatchObject({
        type: 'error',
        code: 'TOO_MANY_SYMBOLS',
      });
    }
    const list = (await request(client, { op: 'list' })) as { subscriptions: unknown[] };
    expect(list.subscriptions).toHaveLength(8);
  });

  it('a request with any bad symbol changes nothing on any channel, and names every offender', async () => {
    const client = await connect();
    for (const channel of ['trades', 'book']) {
      expect(
        await request(client, { op: 'subscribe', channel, symbols: ['NOPE', 'bad'] }),
      ).toMatchObject({
        type: 'error',
        code: 'INVALID_SYMBOL',
        symbols: ['NOPE', 'bad'],
        details: [
          { symbol: 'NOPE', code: 'UNKNOWN_SYMBOL' },
          { symbol: 'bad', code: 'INVALID_SYMBOL' },
        ],
      });
    }
    expect(
      await request(client, {
        op: 'subscribe',
        channel: 'candles',
        symbols: ['AAPL', 'ZZZ'],
        interval: '1m',
      }),
    ).toMatchObject({ type: 'error', code: 'UNKNOWN_SYMBOL', symbols: ['ZZZ'] });
    expect(await request(client, { op: 'list' })).toMatchObject({ subscriptions: [] });
  });

  it('subscribed, unsubscribed and list echo the channel parameters', async () => {
    const client = await connect();
    expect(
      await request(client, {
        op: 'subscribe',
        channel: 'book',
        symbols: ['BTC-USD'],
        depth: 25,
        throttleMs: 100,
      }),
    ).toEqual({
      type: 'subscribed',
      id: nextId,
      channel: 'book',
      symbols: ['BTC-USD'],
      throttleMs: 100,
      depth: 25,
    });
    expect(
      await request(client, {
        op: 'subscribe',
        channel: 'candles',
        symbols: ['AAPL'],
        interval: '1h',
        history: 0,
      }),
    ).toEqual({
      type: 'subscribed',
      id: nextId,
      channel: 'candles',
      symbols: ['AAPL'],
      throttleMs: 0,
      interval: '1h',
      history: 0,
    });
    expect(
      await request(client, { op: 'subscribe', symbols: ['AAPL'], throttleMs: 50 }),
    ).toMatchObject({
      type: 'subscribed',
    });
    expect(await request(client, { op: 'list' })).toMatchObject({
      subscriptions: [
        { channel: 'ticker', symbol: 'AAPL', throttleMs: 50 },
        { channel: 'candles', symbol: 'AAPL', throttleMs: 0, interval: '1h' },
        { channel: 'book', symbol: 'BTC-USD', throttleMs: 100, depth: 25 },
      ],
    });
    expect(
      await request(client, { op: 'unsubscribe', channel: 'book', symbols: ['BTC-USD', 'MSFT'] }),
    ).toEqual({
      type: 'unsubscribed',
      id: nextId,
      channel: 'book',
      symbols: ['BTC-USD', 'MSFT'],
    });
  });

  it('book: re-subscribing at the held depth sends no second snapshot; another depth replaces it with a fresh one', async () => {
    const client = await connect();
    await request(client, { op: 'subscribe', channel: 'book', symbols: ['ETH-USD'], depth: 10 });
    await client.next('snapshot', (m) => m.channel === 'book');
    await request(client, {
      op: 'subscribe',
      channel: 'book',
      symbols: ['ETH-USD'],
      depth: 10,
      throttleMs: 200,
    });
    const ping = await request(client, { op: 'ping' });
    expect(client.received.filter((m) => m.type === 'snapshot')).toHaveLength(1);
    expect(ping.type).toBe('pong');
    await request(client, { op: 'subscribe', channel: 'book', symbols: ['ETH-USD'], depth: 100 });
    const fresh = await client.next('snapshot', (m) => m.channel === 'book');
    expect(fresh.data).toEqual([expect.objectContaining({ symbol: 'ETH-USD', seq: 1 })]);
    expect(await request(client, { op: 'list' })).toMatchObject({
      subscriptions: [{ channel: 'book', symbol: 'ETH-USD', depth: 100, throttleMs: 0 }],
    });
  });

  it('book: a symbol with no book yet is left out of the snapshot and gets one when its book arrives', async () => {
    const client = await connect();
    await request(client, { op: 'subscribe', channel: 'book', symbols: ['BTC-USD', 'NOBOOK'] });
    const first = await client.next('snapshot', (m) => m.channel === 'book');
    expect(first.data.map((e) => e.symbol)).toEqual(['BTC-USD']);
    source.emitBook(book('NOBOOK', 40));
    const later = await client.next('snapshot', (m) => m.channel === 'book');
    expect(later.data).toEqual([expect.objectContaining({ symbol: 'NOBOOK', seq: 40 })]);
  });

  it('book: a seq gap makes the book stale; its next snapshot record sends every subscriber a fresh snapshot', async () => {
    source.emitBook(book('MSFT', 1));
    const unthrottled = await connect();
    const throttled = await connect();
    await request(unthrottled, { op: 'subscribe', channel: 'book', symbols: ['MSFT'] });
    await request(throttled, {
      op: 'subscribe',
      channel: 'book',
      symbols: ['MSFT'],
      throttleMs: 500,
      depth: 25,
    });
    for (const c of [unthrottled, throttled]) await c.next('snapshot', (m) => m.channel === 'book');
    source.emitBook(book('MSFT', 2, 'delta', '99.60'));
    await unthrottled.next('update', (m) => m.channel === 'book');
    source.emitBook(book('MSFT', 4, 'delta', '99.70')); // 3 never came: stale
    source.emitBook(book('MSFT', 5, 'delta', '99.80')); // ignored while stale
    source.emitBook(book('MSFT', 6, 'snapshot', '98.00'));
    for (const c of [unthrottled, throttled]) {
      const fresh = await c.next('snapshot', (m) => m.channel === 'book');
      expect(fresh.data).toEqual([
        expect.objectContaining({ symbol: 'MSFT', seq: 6, bids: [['98.00', '1.000']] }),
      ]);
    }
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(
      metricValue(metrics, 'tickstream_book_records_total', { result: 'gap' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricValue(metrics, 'tickstream_book_records_total', { result: 'ignored_stale' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('book with snapshot:false: the first update carries the whole view', async () => {
    const client = await connect();
    await request(client, {
      op: 'subscribe',
      channel: 'book',
      symbols: ['ETH-USD'],
      snapshot: false,
    });
    const update = await client.next('update', (m) => m.channel === 'book');
    expect(update.data).toEqual([
      expect.objectContaining({
        symbol: 'ETH-USD',
        bids: [['99.50', '1.000']],
        asks: [['100.50', '2.000']],
      }),
    ]);
    expect(client.received.some((m) => m.type === 'snapshot')).toBe(false);
  });

  it('/metrics has subscriptions, updates, conflated and bytes per channel', async () => {
    const client = await connect();
    await request(client, { op: 'subscribe', channel: 'trades', symbols: ['AAPL'] });
    source.emitTrade({
      symbol: 'AAPL',
      seq: 1,
      tradeId: 'a',
      ts: Date.now(),
      price: 1,
      size: 1,
      side: 'buy',
    });
    await client.next('update', (m) => m.channel === 'trades');
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    for (const channel of ['ticker', 'trades', 'candles', 'book']) {
      for (const name of [
        'channel_subscriptions',
        'channel_updates_sent_total',
        'channel_conflated_total',
        'channel_bytes_sent_total',
      ]) {
        const value = metricValue(metrics, `tickstream_${name}`, { channel });
        // Every series exists from the first scrape, at 0 when nothing happened yet.
        expect({ name, channel, present: value >= 0 }).toEqual({ name, channel, present: true });
      }
    }
    expect(
      metricValue(metrics, 'tickstream_channel_subscriptions', { channel: 'trades' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricValue(metrics, 'tickstream_channel_updates_sent_total', { channel: 'trades' }),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('channels follow the source’s feeds', () => {
  it.each([
    [['ticks'], ['ticker'], ['trades', 'candles', 'book']],
    [
      ['ticks', 'book'],
      ['ticker', 'book'],
      ['trades', 'candles'],
    ],
    [['ticks', 'trades'], ['ticker', 'trades', 'candles'], ['book']],
  ] as Array<[MarketFeed[], string[], string[]]>)(
    'feeds %j: welcome.channels %j, UNKNOWN_CHANNEL on %j',
    async (feeds, served, unknown) => {
      const service = await startTestApp({}, new ManualTickSource(new Set(['AAPL']), feeds));
      const client = await TestClient.connect(service.wsUrl);
      try {
        expect(client.received[0]).toMatchObject({ channels: served });
        for (const channel of unknown) {
          for (const op of ['subscribe', 'unsubscribe']) {
            const extra = channel === 'candles' && op === 'subscribe' ? { interval: '1m' } : {};
            expect(
              await client.request({
                op,
                id: `${op}-${channel}`,
                channel,
                symbols: ['AAPL'],
                ...extra,
              }),
            ).toMatchObject({
              type: 'error',
              code: 'UNKNOWN_CHANNEL',
            });
          }
        }
      } finally {
        client.close();
        await service.close();
      }
    },
  );
});

describe('channel entitlements', () => {
  it('a credential subscribes on every channel only to the symbols it is entitled to (FORBIDDEN, nothing changes)', async () => {
    const service = await startTestApp(
      { AUTH_MODE: 'apikey', API_KEYS: `desk=${DESK_KEY};symbols=*-USD` },
      new ManualTickSource(LISTED),
    );
    const client = await TestClient.connect(service.wsUrl, {
      headers: { Authorization: `Bearer ${DESK_KEY}` },
    });
    try {
      for (const [channel, extra] of [
        ['trades', {}],
        ['candles', { interval: '1m' }],
        ['book', {}],
      ] as const) {
        expect(
          await client.request({
            op: 'subscribe',
            id: channel,
            channel,
            symbols: ['BTC-USD', 'AAPL'],
            ...extra,
          }),
        ).toMatchObject({ type: 'error', code: 'FORBIDDEN', symbols: ['AAPL'] });
        expect(
          await client.request({
            op: 'subscribe',
            id: `${channel}-ok`,
            channel,
            symbols: ['BTC-USD'],
            ...extra,
          }),
        ).toMatchObject({ type: 'subscribed' });
      }
    } finally {
      client.close();
      await service.close();
    }
  });
});
