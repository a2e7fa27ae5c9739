import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import {
  ConnectionClosedError,
  TickstreamClient,
  TickstreamRequestError,
  type ConnectionState,
  type DisconnectInfo,
} from '../../src/client/index.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp } from '../support/test-app.js';
import { startAppOnPort } from './fixed-port-app.js';
import { until, waitForEvent } from './wait-for-event.js';

/** Fast backoff for tests: the restart below takes a few of these. */
const FAST_BACKOFF = { initialMs: 50, maxMs: 400, factor: 2, jitter: 0.5 };

describe('client SDK reconnect', () => {
  it('survives a server restart on the same port: same symbols, same throttles, no user code', async () => {
    const symbols = new Set(['AAPL', 'MSFT', 'EUR/USD']);
    const firstSource = new ManualTickSource(symbols);
    let service = await startAppOnPort(0, {}, firstSource);
    const port = service.port;
    const client = new TickstreamClient({ url: service.wsUrl, WebSocket, backoff: FAST_BACKOFF });
    const states: ConnectionState[] = [];
    client.on('state', (s) => states.push(s));
    try {
      const firstWelcome = await client.connect();
      await client.subscribe(['AAPL', 'MSFT'], { throttleMs: 200 });
      await client.subscribe(['EUR/USD'], { throttleMs: 0 });
      const seen: Array<{ symbol: string; last: number; seq: number }> = [];
      client.on('ticker', ({ symbol, last, seq }) => seen.push({ symbol, last, seq }));
      firstSource.emit('EUR/USD', 1.08);
      await until(client, 'ticker', () => seen.some((t) => t.last === 1.08));

      // Stop the process and start a new one on the same port: seq restarts at 1 there.
      const reconnecting = waitForEvent(client, 'state', (s) => s === 'reconnecting');
      await service.close();
      await reconnecting;
      const secondSource = new ManualTickSource(symbols);
      const reopened = waitForEvent(client, 'welcome');
      service = await startAppOnPort(port, {}, secondSource);
      const secondWelcome = await reopened;
      expect(secondWelcome.sessionId).not.toBe(firstWelcome.sessionId);

      // The restore was sent before this request, so the server already holds it.
      const list = await client.list();
      expect(list.subscriptions).toEqual(
        expect.arrayContaining([
          { channel: 'ticker', symbol: 'AAPL', throttleMs: 200 },
          { channel: 'ticker', symbol: 'MSFT', throttleMs: 200 },
          { channel: 'ticker', symbol: 'EUR/USD', throttleMs: 0 },
        ]),
      );
      expect(list.subscriptions).toHaveLength(3);

      secondSource.emit('EUR/USD', 1.09);
      secondSource.emit('AAPL', 190);
      await until(client, 'ticker', () =>
        ['EUR/USD', 'AAPL'].every((s) => seen.some((t) => t.symbol === s && t.last !== 1.08)),
      );
      expect(seen.find((t) => t.last === 1.09)?.seq).toBe(1);
      expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    } finally {
      await client.close();
      await service.close();
    }
  });

  describe('refused upgrades', () => {
    let server: Server;
    let status: number;
    let attempts: number;
    let url: string;

    beforeAll(async () => {
      server = createServer((_req, res) => res.writeHead(404).end());
      server.on('upgrade', (_req, socket) => {
        attempts++;
        socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/stream`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => (attempts = 0));

    it.each([401, 403])(
      'gives up after one attempt when the upgrade is refused with %i',
      async (code) => {
        status = code;
        const client = new TickstreamClient({
          url,
          WebSocket,
          backoff: { initialMs: 10, maxMs: 20 },
        });
        const closed = waitForEvent(client, 'state', (s) => s === 'closed');
        const error = await client.connect().catch((e: unknown) => e);
        await closed;
        expect(error).toBeInstanceOf(ConnectionClosedError);
        expect(error).toMatchObject({ httpStatus: code });
        // A looping client would make ~25 attempts in this window (backoff 10..20 ms);
        // absence can only be shown by watching for a while.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(attempts).toBe(1);
        expect(client.state).toBe('closed');
      },
    );

    it('retries a 503 refusal with backoff (the contrast: this probe sees retries)', async () => {
      status = 503;
      const client = new TickstreamClient({
        url,
        WebSocket,
        backoff: { initialMs: 10, maxMs: 20 },
      });
      try {
        void client.connect().catch(() => undefined);
        const disconnects: Array<number | undefined> = [];
        client.on('disconnect', (d) => disconnects.push(d.httpStatus));
        await until(client, 'disconnect', () => attempts >= 3);
        expect(client.state).toBe('reconnecting');
        expect(disconnects.every((s) => s === 503)).toBe(true);
      } finally {
        await client.close();
      }
    });
  });

  it('against the real service with API keys: gives up on 401 at once, connects with a token', async () => {
    const service = await startTestApp(
      { AUTH_MODE: 'apikey', API_KEYS: 'desk=desk-key-0123456789;symbols=AAPL;maxSymbols=3' },
      new ManualTickSource(new Set(['AAPL', 'MSFT'])),
    );
    try {
      const refused = new TickstreamClient({
        url: service.wsUrl,
        WebSocket,
        backoff: FAST_BACKOFF,
      });
      const disconnects: DisconnectInfo[] = [];
      refused.on('disconnect', (d) => disconnects.push(d));
      const error = await refused.connect().catch((e: unknown) => e);
      expect(error).toMatchObject({ httpStatus: 401 });
      expect(disconnects).toEqual([
        expect.objectContaining({ httpStatus: 401, willReconnect: false }),
      ]);
      expect(refused.state).toBe('closed');

      const client = new TickstreamClient({
        url: service.wsUrl,
        token: 'desk-key-0123456789',
        WebSocket,
      });
      try {
        expect((await client.connect()).limits.maxSymbols).toBe(3);
        await client.subscribe(['AAPL']);
        const forbidden = await client.subscribe(['MSFT']).catch((e: unknown) => e);
        expect(forbidden).toBeInstanceOf(TickstreamRequestError);
        expect(forbidden).toMatchObject({ code: 'FORBIDDEN', symbols: ['MSFT'] });
      } finally {
        await client.close();
      }
    } finally {
      await service.close();
    }
  });
});
