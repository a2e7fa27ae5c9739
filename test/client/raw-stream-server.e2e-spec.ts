import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  TickstreamClient,
  type BookLevel,
  type Channel,
  type ClientRequest,
  type ServerMessage,
  type Ticker,
} from '../../src/client/index.js';
import { bookChecksum } from '../../src/market/book-checksum.js';
import { until, waitForEvent } from './wait-for-event.js';

/**
 * A hand-driven protocol server: the test decides every frame, to produce what
 * the real service never sends on its own (silence, repeated or old tickers).
 */
class ScriptedServer {
  readonly sockets: WebSocket[] = [];
  private constructor(readonly wss: WebSocketServer) {
    wss.on('connection', (socket) => this.sockets.push(socket));
  }

  static async start(): Promise<ScriptedServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new ScriptedServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/v1/stream`;
  }

  get last(): WebSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no connection');
    return socket;
  }

  send(message: ServerMessage, socket = this.last): void {
    socket.send(JSON.stringify(message));
  }

  /** The next request the client sends on `socket`, parsed. */
  request(socket = this.last): Promise<ClientRequest & { id: number }> {
    return new Promise((resolve) =>
      socket.once('message', (data: Buffer) =>
        resolve(JSON.parse(data.toString()) as ClientRequest & { id: number }),
      ),
    );
  }

  welcome(
    sessionId: string,
    heartbeatMs: number,
    socket = this.last,
    channels: Channel[] = ['ticker'],
  ): void {
    this.send(
      {
        type: 'welcome',
        protocol: 1,
        sessionId,
        serverTime: Date.now(),
        limits: {
          maxSymbols: 500,
          minThrottleMs: 0,
          maxMessageBytes: 16384,
          maxRequestsPerSecond: 20,
        },
        heartbeatMs,
        channels,
      },
      socket,
    );
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

const ticker = (symbol: string, seq: number, ts: number): Ticker => ({
  symbol,
  seq,
  ts,
  bid: 1,
  ask: 1.1,
  last: 1.05,
  lastSize: 1,
  open: 1,
  high: 1.1,
  low: 1,
  volume: 10,
  change: 0.05,
  changePct: 5,
});

describe('client SDK against a scripted server', () => {
  let server: ScriptedServer;
  let client: TickstreamClient;

  beforeEach(async () => {
    server = await ScriptedServer.start();
    client = new TickstreamClient({
      url: server.url,
      WebSocket,
      backoff: { initialMs: 20, maxMs: 100 },
    });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  const connection = (): Promise<WebSocket> =>
    new Promise((resolve) => server.wss.once('connection', resolve));

  it('reports stale when the server sends welcome and then nothing, and fresh on the next frame', async () => {
    const connected = connection();
    const opened = client.connect();
    server.welcome('quiet', 100, await connected);
    await opened;
    const start = Date.now();
    const stale = await waitForEvent(client, 'stale', () => true, 3000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    expect(stale.silentMs).toBeGreaterThanOrEqual(200);
    expect(client.stale).toBe(true);
    const fresh = waitForEvent(client, 'fresh', () => true, 3000);
    server.send({ type: 'heartbeat', serverTime: Date.now() });
    await fresh;
    expect(client.stale).toBe(false);
  });

  it('drops tickers whose seq is not newer; after a reconnect compares by ts', async () => {
    const seen: string[] = [];
    client.on('ticker', (t) => seen.push(`${t.symbol}#${t.seq}@${t.ts}`));
    let connected = connection();
    const opened = client.connect();
    server.welcome('first', 5000, await connected);
    await opened;
    const data = [
      ticker('X', 5, 1000),
      ticker('X', 3, 1001),
      ticker('X', 5, 1002),
      ticker('X', 6, 1003),
      ticker('END', 1, 1),
    ];
    for (const t of data) server.send({ type: 'update', channel: 'ticker', data: [t] });
    await until(client, 'ticker', () => seen.includes('END#1@1'));
    expect(seen).toEqual(['X#5@1000', 'X#6@1003', 'END#1@1']);

    // A new process: seq restarts. The held ticker repeated in the snapshot is dropped,
    // an older ts is dropped, a newer ts is taken although its seq is lower.
    connected = connection();
    const reopened = waitForEvent(client, 'welcome');
    server.last.close(1001, 'restart');
    server.welcome('second', 5000, await connected);
    await reopened;
    server.send({ type: 'snapshot', channel: 'ticker', data: [ticker('X', 6, 1003)] });
    server.send({ type: 'update', channel: 'ticker', data: [ticker('X', 1, 999)] });
    server.send({
      type: 'update',
      channel: 'ticker',
      data: [ticker('X', 2, 1004), ticker('END', 1, 2)],
    });
    await until(client, 'ticker', () => seen.includes('END#1@2'));
    expect(seen.slice(3)).toEqual(['X#2@1004', 'END#1@2']);
  });

  it('resubscribes a book whose checksum does not match, over a real socket, and syncs on the new snapshot', async () => {
    const levels = {
      bids: [['101.40', '3.000']] as BookLevel[],
      asks: [['101.50', '2.000']] as BookLevel[],
    };
    const entry = (seq: number, checksum = bookChecksum(levels.asks, levels.bids)) => ({
      symbol: 'XYZ',
      seq,
      ts: 1000 + seq,
      ...levels,
      checksum,
    });
    const connected = connection();
    const opened = client.connect();
    const socket = await connected;
    server.welcome('books', 5000, socket, ['ticker', 'book']);
    await opened;

    const subscribeRequest = server.request();
    const subscribed = client.subscribe({ channel: 'book', symbols: ['XYZ'], depth: 10 });
    const first = await subscribeRequest;
    expect(first).toMatchObject({ op: 'subscribe', channel: 'book', symbols: ['XYZ'], depth: 10 });
    const ack = { type: 'subscribed', channel: 'book', symbols: ['XYZ'], throttleMs: 0, depth: 10 };
    server.send({ ...ack, id: first.id } as ServerMessage);
    server.send({ type: 'snapshot', channel: 'book', data: [entry(1)] });
    await subscribed;
    await until(client, 'book', () => client.book('XYZ')?.seq === 1);

    // A changed level whose checksum is that of the unchanged book: the client must notice.
    const unsubscribeRequest = server.request();
    const mismatch = waitForEvent(client, 'bookMismatch');
    server.send({
      type: 'update',
      channel: 'book',
      data: [{ ...entry(2), bids: [['101.41', '1.000']], asks: [] }],
    });
    expect(await mismatch).toMatchObject({ symbol: 'XYZ', seq: 2 });
    const unsubscribe = await unsubscribeRequest;
    expect(unsubscribe).toMatchObject({ op: 'unsubscribe', channel: 'book', symbols: ['XYZ'] });

    const resubscribeRequest = server.request();
    server.send({
      type: 'unsubscribed',
      id: unsubscribe.id,
      channel: 'book',
      symbols: ['XYZ'],
    });
    const resubscribe = await resubscribeRequest;
    expect(resubscribe).toMatchObject({ op: 'subscribe', channel: 'book', depth: 10 });
    const synced = waitForEvent(client, 'book', (u) => u.kind === 'snapshot' && u.book.seq === 3);
    server.send({ ...ack, id: resubscribe.id } as ServerMessage);
    server.send({ type: 'snapshot', channel: 'book', data: [entry(3)] });
    expect((await synced).book).toMatchObject({ ...levels, synced: true });
  });
});
