import type { Ticker } from '../market/ticker.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import {
  ConnectionClosedError,
  ConnectionLostError,
  RequestTimeoutError,
  TickstreamRequestError,
} from './client-errors.js';
import type { ConnectionState } from './connection-state.js';
import { FakeWebSocket } from './testing/fake-websocket.js';
import { TickstreamClient } from './tickstream-client.js';

const ticker = (symbol: string, seq: number, ts: number, last = 10): Ticker => ({
  symbol,
  seq,
  ts,
  bid: last - 0.01,
  ask: last + 0.01,
  last,
  lastSize: 1,
  open: last,
  high: last,
  low: last,
  volume: 1,
  change: 0,
  changePct: 0,
});

/** Lets promise callbacks run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('TickstreamClient', () => {
  let clock: VirtualClock;
  let client: TickstreamClient;
  let states: ConnectionState[];

  const create = (options: Partial<ConstructorParameters<typeof TickstreamClient>[0]> = {}) => {
    client = new TickstreamClient({
      url: 'ws://127.0.0.1:1/v1/stream',
      WebSocket: FakeWebSocket,
      clock,
      random: () => 0,
      requestTimeoutMs: 1000,
      backoff: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5, resetAfterMs: 5000 },
      ...options,
    });
    states = [];
    client.on('state', (state) => states.push(state));
    return client;
  };

  const connected = async (sessionId = 'session-1', heartbeatMs = 1000): Promise<FakeWebSocket> => {
    const welcome = client.connect();
    FakeWebSocket.last.accept(sessionId, heartbeatMs);
    await welcome;
    return FakeWebSocket.last;
  };

  beforeEach(() => {
    FakeWebSocket.reset();
    clock = new VirtualClock();
    create();
  });

  it('connects, subscribes and resolves with the subscribed ack; tickers flow to events and the iterator', async () => {
    const socket = await connected();
    expect(client.state).toBe('open');
    const subscribed = client.subscribe(['AAPL', 'MSFT'], { throttleMs: 250 });
    expect(socket.requests()).toEqual([
      { op: 'subscribe', symbols: ['AAPL', 'MSFT'], throttleMs: 250, id: 1 },
    ]);
    socket.reply('subscribe', {
      type: 'subscribed',
      channel: 'ticker',
      symbols: ['AAPL', 'MSFT'],
      throttleMs: 250,
    });
    await expect(subscribed).resolves.toMatchObject({ type: 'subscribed', throttleMs: 250 });
    expect([...client.subscribed]).toEqual([
      ['AAPL', 250],
      ['MSFT', 250],
    ]);

    const seen: string[] = [];
    client.on('ticker', (t) => seen.push(`${t.symbol}:${t.seq}`));
    const iterator = client.tickers({ symbols: ['MSFT'] });
    socket.deliver({
      type: 'snapshot',
      channel: 'ticker',
      data: [ticker('AAPL', 1, 1), ticker('MSFT', 1, 1)],
    });
    socket.deliver({ type: 'update', channel: 'ticker', data: [ticker('MSFT', 2, 2)] });
    expect(seen).toEqual(['AAPL:1', 'MSFT:1', 'MSFT:2']);
    await expect(iterator.next()).resolves.toMatchObject({ value: { symbol: 'MSFT', seq: 1 } });
    await expect(iterator.next()).resolves.toMatchObject({ value: { symbol: 'MSFT', seq: 2 } });
    expect(client.latest('MSFT')?.seq).toBe(2);
  });

  it('rejects a request answered by an error frame with a typed error naming the symbols', async () => {
    const socket = await connected();
    const subscribed = client.subscribe(['NOPE']);
    socket.reply('subscribe', {
      type: 'error',
      code: 'UNKNOWN_SYMBOL',
      message: 'Unknown symbols',
      symbols: ['NOPE'],
    });
    const error = await subscribed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickstreamRequestError);
    expect(error).toMatchObject({ code: 'UNKNOWN_SYMBOL', symbols: ['NOPE'] });
    expect(client.subscribed.size).toBe(0);
  });

  it('rejects a request without reply after requestTimeoutMs', async () => {
    await connected();
    const pong = client.ping();
    clock.advance(999);
    await settle();
    clock.advance(1);
    await expect(pong).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('surfaces warnings and uncorrelated errors as events', async () => {
    const socket = await connected();
    const warnings: string[] = [];
    const errors: string[] = [];
    client.on('warning', (w) => warnings.push(w.code));
    client.on('error', (e) => errors.push(e.message));
    socket.deliver({ type: 'warning', code: 'SLOW_CONSUMER', message: 'behind' });
    socket.deliver({ type: 'error', code: 'BAD_JSON', message: 'not JSON' });
    socket.deliver('not json');
    expect(warnings).toEqual(['SLOW_CONSUMER']);
    expect(errors).toEqual(['BAD_JSON: not JSON', 'malformed frame: frame is not JSON']);
  });

  it('reconnects with exponential backoff and restores every symbol with its throttle', async () => {
    const first = await connected('s1');
    client.subscribe(['AAPL', 'MSFT'], { throttleMs: 250 });
    first.reply('subscribe', {
      type: 'subscribed',
      channel: 'ticker',
      symbols: ['AAPL', 'MSFT'],
      throttleMs: 250,
    });
    client.subscribe(['BTC-USD']);
    first.reply('subscribe', {
      type: 'subscribed',
      channel: 'ticker',
      symbols: ['BTC-USD'],
      throttleMs: 0,
    });
    await settle();

    first.drop(1001, 'shutting down');
    expect(client.state).toBe('reconnecting');
    // random() = 0 → the full exponential delay: 100, then 200, then 400 ms.
    clock.advance(99);
    expect(FakeWebSocket.instances).toHaveLength(1);
    clock.advance(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.last.drop(1006);
    clock.advance(199);
    expect(FakeWebSocket.instances).toHaveLength(2);
    clock.advance(1);
    expect(FakeWebSocket.instances).toHaveLength(3);

    const second = FakeWebSocket.last;
    second.accept('s2');
    expect(client.state).toBe('open');
    expect(second.requests()).toEqual([
      { op: 'subscribe', symbols: ['AAPL', 'MSFT'], throttleMs: 250, id: expect.any(Number) },
      { op: 'subscribe', symbols: ['BTC-USD'], id: expect.any(Number) },
    ]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('after a reconnect drops a repeated snapshot and takes a restarted seq with a later ts', async () => {
    const first = await connected('s1');
    first.deliver({ type: 'update', channel: 'ticker', data: [ticker('AAPL', 900, 1000)] });
    first.drop(1006);
    clock.advance(100);
    FakeWebSocket.last.accept('s2');
    const seen: number[] = [];
    client.on('ticker', (t) => seen.push(t.seq));
    FakeWebSocket.last.deliver({
      type: 'snapshot',
      channel: 'ticker',
      data: [ticker('AAPL', 900, 1000)],
    });
    FakeWebSocket.last.deliver({
      type: 'update',
      channel: 'ticker',
      data: [ticker('AAPL', 1, 1001)],
    });
    FakeWebSocket.last.deliver({
      type: 'update',
      channel: 'ticker',
      data: [ticker('AAPL', 1, 1002)],
    });
    expect(seen).toEqual([1]);
  });

  it('queues requests made while reconnecting and sends them after the restore; in-flight ones reject', async () => {
    const first = await connected();
    const inFlight = client.ping();
    first.drop(1006);
    await expect(inFlight).rejects.toBeInstanceOf(ConnectionLostError);
    const queued = client.list();
    clock.advance(100);
    FakeWebSocket.last.accept('s2');
    expect(FakeWebSocket.last.requests().map((r) => r.op)).toEqual(['list']);
    FakeWebSocket.last.reply('list', { type: 'subscriptions', subscriptions: [] });
    await expect(queued).resolves.toMatchObject({ type: 'subscriptions' });
  });

  it.each([1000, 1008, 1009])('does not reconnect after close %i', async (code) => {
    const socket = await connected();
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    socket.drop(code);
    expect(client.state).toBe('closed');
    clock.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    if (code !== 1000) expect(errors[0]).toBeInstanceOf(ConnectionClosedError);
  });

  it.each([401, 403])('gives up at once when the upgrade is refused with %i', async (status) => {
    const connecting = client.connect();
    FakeWebSocket.last.refuse(status);
    const error = await connecting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error).toMatchObject({ httpStatus: status });
    clock.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(states).toEqual(['connecting', 'closed']);
  });

  it('retries a 503 refusal with backoff, and gives up after maxAttempts', async () => {
    create({ backoff: { initialMs: 100, maxAttempts: 2 } });
    const connecting = client.connect();
    FakeWebSocket.last.refuse(503);
    clock.advance(100);
    FakeWebSocket.last.refuse(503);
    clock.advance(200);
    FakeWebSocket.last.refuse(503);
    await expect(connecting).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(FakeWebSocket.instances).toHaveLength(3);
  });

  it('resets the backoff only after a connection that stayed up for resetAfterMs', async () => {
    const delays: Array<number | undefined> = [];
    client.on('disconnect', (d) => delays.push(d.delayMs));
    await connected();
    FakeWebSocket.last.drop(1013);
    clock.advance(100);
    FakeWebSocket.last.accept();
    FakeWebSocket.last.drop(1013);
    clock.advance(200);
    FakeWebSocket.last.accept();
    clock.advance(5000);
    FakeWebSocket.last.drop(1013);
    expect(delays).toEqual([100, 200, 100]);
  });

  it('reports stale after 2 × heartbeatMs without frames, also while reconnecting, and fresh again', async () => {
    const events: string[] = [];
    client.on('stale', ({ silentMs }) => events.push(`stale ${silentMs}`));
    client.on('fresh', () => events.push('fresh'));
    const socket = await connected('s1', 500);
    clock.advance(600);
    socket.deliver({ type: 'heartbeat', serverTime: 0 });
    clock.advance(999);
    expect(client.stale).toBe(false);
    clock.advance(1);
    expect(client.stale).toBe(true);
    socket.deliver({ type: 'heartbeat', serverTime: 0 });
    expect(client.stale).toBe(false);
    socket.drop(1006);
    clock.advance(1000);
    expect(client.stale).toBe(true);
    FakeWebSocket.last.accept('s2', 500);
    expect(events).toEqual(['stale 1000', 'fresh', 'stale 1000', 'fresh']);
  });

  it('restores what the new server accepts when it refuses some symbols', async () => {
    const first = await connected('s1');
    client.subscribe(['AAPL', 'GONE']);
    first.reply('subscribe', {
      type: 'subscribed',
      channel: 'ticker',
      symbols: ['AAPL', 'GONE'],
      throttleMs: 0,
    });
    await settle();
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    first.drop(1001);
    clock.advance(100);
    const second = FakeWebSocket.last;
    second.accept('s2');
    second.reply('subscribe', {
      type: 'error',
      code: 'UNKNOWN_SYMBOL',
      message: 'Unknown symbols',
      symbols: ['GONE'],
    });
    await settle();
    expect(errors[0]).toMatchObject({ code: 'UNKNOWN_SYMBOL', symbols: ['GONE'] });
    expect(second.requests().at(-1)).toMatchObject({ op: 'subscribe', symbols: ['AAPL'] });
    expect([...client.subscribed.keys()]).toEqual(['AAPL']);
  });

  it('close() sends 1000, rejects pending requests, ends iterators and stops reconnecting', async () => {
    const socket = await connected();
    const pending = client.ping();
    const iterator = client.tickers();
    const next = iterator.next();
    await client.close();
    expect(socket.closedByClient).toEqual({ code: 1000, reason: 'client closed' });
    await expect(pending).rejects.toBeInstanceOf(ConnectionLostError);
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    expect(client.state).toBe('closed');
    clock.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await expect(client.ping()).rejects.toBeInstanceOf(ConnectionLostError);
  });

  it('sends the token as a query parameter', () => {
    create({ token: 'secret' });
    void client.connect();
    expect(FakeWebSocket.last.url).toBe('ws://127.0.0.1:1/v1/stream?token=secret');
  });
});
