import type { Candle } from '../../src/market/candle.js';
import type { ServerMessage } from '../../src/protocol/messages.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClient } from '../support/test-client.js';

const SYMBOL = 'ETH-USD';
const GRACE_MS = 300;
const THROTTLES = [0, 250, 1000, 5000];

/** Candle entries a client received, in order, with the frame each came in. */
function candlesOf(received: readonly ServerMessage[]): Array<{ frame: number; candle: Candle }> {
  return received.flatMap((m, frame) =>
    (m.type === 'snapshot' || m.type === 'update') && m.channel === 'candles'
      ? m.data.map((candle) => ({ frame, candle }))
      : [],
  );
}

/** What breaks the contract's order in `entries` of one series: the first problem, or undefined. */
function orderProblem(entries: Array<{ frame: number; candle: Candle }>): string | undefined {
  let closedUpTo = Number.NEGATIVE_INFINITY;
  let lastStart = Number.NEGATIVE_INFINITY;
  const perFrame = new Set<string>();
  for (const { frame, candle } of entries) {
    if (candle.start % 1000 !== 0) return `start ${candle.start} is not UTC-aligned`;
    if (candle.start < lastStart) return `start went back from ${lastStart} to ${candle.start}`;
    if (candle.start <= closedUpTo) return `an entry of ${candle.start} after its bar closed`;
    const key = `${frame}:${candle.start}`;
    if (perFrame.has(key)) return `two entries of ${candle.start} in one frame`;
    perFrame.add(key);
    lastStart = candle.start;
    if (candle.closed) closedUpTo = candle.start;
  }
  return undefined;
}

describe('candles over real sockets', () => {
  let source: ManualTickSource;
  let service: TestApp;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    source = new ManualTickSource(new Set([SYMBOL, 'BTC-USD']));
    service = await startTestApp({ CANDLE_CLOSE_GRACE_MS: String(GRACE_MS) }, source);
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await service.close();
  });

  async function connect(): Promise<TestClient> {
    const client = await TestClient.connect(service.wsUrl);
    clients.push(client);
    return client;
  }

  let seq = 0;
  function trade(price: number, symbol = SYMBOL): void {
    seq++;
    source.emitTrade({
      symbol,
      seq,
      tradeId: String(seq),
      ts: Date.now(),
      price,
      size: 0.1,
      side: 'buy',
    });
  }

  it('every closed bar reaches every client at once, whatever its throttle, in order and UTC-aligned', async () => {
    const subscribers = await Promise.all(THROTTLES.map(() => connect()));
    for (const [i, client] of subscribers.entries()) {
      expect(
        await client.request({
          op: 'subscribe',
          id: i,
          channel: 'candles',
          symbols: [SYMBOL],
          interval: '1s',
          throttleMs: THROTTLES[i],
        }),
      ).toMatchObject({
        type: 'subscribed',
        interval: '1s',
        history: 100,
        throttleMs: THROTTLES[i],
      });
    }
    // Trades across at least three second boundaries, then silence: the clock closes the last bar.
    const startedAt = Date.now();
    let price = 100;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        trade((price += 0.5));
        if (Date.now() - startedAt >= 3200) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    const lastStart = Math.floor(Date.now() / 1000) * 1000;
    for (const client of subscribers) {
      await client.until(
        () =>
          candlesOf(client.received).some((e) => e.candle.closed && e.candle.start >= lastStart),
        1000 + GRACE_MS + 2000,
      );
    }
    const rest = (await (
      await fetch(`${service.baseUrl}/v1/candles/${SYMBOL}?interval=1s&limit=1000`)
    ).json()) as { data: Candle[] };
    const closedOnServer = rest.data.filter((c) => c.closed);
    expect(closedOnServer.length).toBeGreaterThanOrEqual(3);

    for (const [i, client] of subscribers.entries()) {
      const entries = candlesOf(client.received);
      expect({ throttleMs: THROTTLES[i], problem: orderProblem(entries) }).toEqual({
        throttleMs: THROTTLES[i],
        problem: undefined,
      });
      // Exactly the server's closed bars, each once, with their final values.
      expect(entries.filter((e) => e.candle.closed).map((e) => e.candle)).toEqual(closedOnServer);
      const opens = entries.filter((e) => !e.candle.closed).length;
      if (THROTTLES[i] === 0) expect(opens).toBeGreaterThan(closedOnServer.length * 5);
      if (THROTTLES[i] === 5000) expect(opens).toBeLessThanOrEqual(2);
    }
  });

  it('snapshot: the last `history` closed bars, oldest first, then the open bar', async () => {
    // 1m bars from trades stamped in the past: three closed, one open (it closes a minute on).
    const minute = 60_000;
    const now = Math.floor(Date.now() / minute) * minute;
    for (const [offset, price] of [
      [-3 * minute, 10],
      [-3 * minute + 30_000, 11],
      [-2 * minute, 12],
      [-minute, 13],
      [0, 14],
    ] as const) {
      seq++;
      source.emitTrade({
        symbol: 'BTC-USD',
        seq,
        tradeId: String(seq),
        ts: now + offset,
        price,
        size: 1,
        side: 'sell',
      });
    }
    const client = await connect();
    await client.request({
      op: 'subscribe',
      id: 1,
      channel: 'candles',
      symbols: ['BTC-USD'],
      interval: '1m',
      history: 2,
    });
    const snapshot = await client.next('snapshot');
    expect(snapshot.data).toEqual([
      expect.objectContaining({ start: now - 2 * minute, open: 12, closed: true }),
      expect.objectContaining({ start: now - minute, open: 13, closed: true }),
      expect.objectContaining({ start: now, open: 14, closed: false }),
    ]);
  });

  it('unsubscribe with an interval drops that interval; without, every interval of the symbol', async () => {
    const client = await connect();
    for (const interval of ['1s', '1m', '1h']) {
      await client.request({
        op: 'subscribe',
        id: interval,
        channel: 'candles',
        symbols: [SYMBOL],
        interval,
      });
    }
    expect(
      await client.request({
        op: 'unsubscribe',
        id: 'u1',
        channel: 'candles',
        symbols: [SYMBOL],
        interval: '1m',
      }),
    ).toEqual({
      type: 'unsubscribed',
      id: 'u1',
      channel: 'candles',
      symbols: [SYMBOL],
      interval: '1m',
    });
    const list = await client.request({ op: 'list', id: 'l1' });
    expect(list).toMatchObject({
      subscriptions: [
        { channel: 'candles', symbol: SYMBOL, interval: '1s', throttleMs: 0 },
        { channel: 'candles', symbol: SYMBOL, interval: '1h', throttleMs: 0 },
      ],
    });
    await client.request({ op: 'unsubscribe', id: 'u2', channel: 'candles', symbols: [SYMBOL] });
    expect(await client.request({ op: 'list', id: 'l2' })).toMatchObject({ subscriptions: [] });
    // Nothing more arrives for the symbol once unsubscribed: a trade of it, which the client
    // still gets on `trades`, is written in the same flush as its candles would be.
    await client.request({
      op: 'subscribe',
      id: 't',
      channel: 'trades',
      symbols: [SYMBOL],
      snapshot: false,
    });
    const before = candlesOf(client.received).length;
    trade(100);
    await client.next('update', (m) => m.channel === 'trades');
    await client.request({ op: 'ping', id: 'p' });
    expect(candlesOf(client.received).length).toBe(before);
  });
});
