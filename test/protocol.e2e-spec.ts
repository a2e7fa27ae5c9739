import { WebSocket } from 'ws';
import type {
  ErrorMessage,
  SnapshotMessage,
  SubscriptionsMessage,
} from '../src/protocol/messages.js';
import { ManualTickSource } from './support/manual-tick.source.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { recordErrorLogs, type ErrorLogRecorder } from './support/error-log-recorder.js';
import { TestClient } from './support/test-client.js';

const LISTED = new Set(['AAPL', 'MSFT', 'BTC-USD', 'EUR/USD', 'QUIET']);

describe('protocol v1 over a real socket', () => {
  let source: ManualTickSource;
  let service: TestApp;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    source = new ManualTickSource(LISTED);
    service = await startTestApp({ MAX_SYMBOLS: '4', MIN_THROTTLE_MS: '0' }, source);
    source.emit('AAPL', 189.13);
    source.emit('MSFT', 415.5);
    source.emit('BTC-USD', 67000);
    source.emit('EUR/USD', 1.0845);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => service.close());

  async function connect(): Promise<TestClient> {
    const client = await TestClient.connect(service.wsUrl);
    clients.push(client);
    return client;
  }

  it('greets with welcome: protocol, session id, server time, limits, heartbeat', async () => {
    const client = await connect();
    const welcome = client.received[0];
    expect(welcome).toEqual({
      type: 'welcome',
      protocol: 1,
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      serverTime: expect.any(Number),
      limits: { maxSymbols: 4, minThrottleMs: 0, maxMessageBytes: 16384, maxRequestsPerSecond: 20 },
      heartbeatMs: 5000,
      channels: ['ticker', 'trades', 'candles', 'book'],
    });
    expect(Math.abs((welcome as { serverTime: number }).serverTime - Date.now())).toBeLessThan(
      5000,
    );
  });

  it('subscribe: subscribed (id echoed) then snapshot with the latest ticker of each symbol', async () => {
    const client = await connect();
    const reply = await client.request({
      op: 'subscribe',
      id: 'a1',
      symbols: ['AAPL', 'EUR/USD'],
      throttleMs: 250,
    });
    expect(reply).toEqual({
      type: 'subscribed',
      id: 'a1',
      channel: 'ticker',
      symbols: ['AAPL', 'EUR/USD'],
      throttleMs: 250,
    });
    const snapshot = await client.next('snapshot');
    expect(snapshot.data.map((t) => t.symbol)).toEqual(['AAPL', 'EUR/USD']);
    expect(snapshot.data[0]).toMatchObject({
      symbol: 'AAPL',
      last: 189.13,
      open: 189.13,
      seq: expect.any(Number),
    });
    expect(client.received.indexOf(reply)).toBeLessThan(client.received.indexOf(snapshot));
  });

  it('echoes integer ids and omits id when the request has none', async () => {
    const client = await connect();
    expect(await client.request({ op: 'ping', id: 42 })).toMatchObject({
      type: 'pong',
      id: 42,
      serverTime: expect.any(Number),
    });
    client.send({ op: 'ping' });
    const pong = await client.next('pong', (m) => m.id !== 42);
    expect(pong).not.toHaveProperty('id');
  });

  it('streams updates of subscribed symbols only, and stops after unsubscribe', async () => {
    const client = await connect();
    await client.request({ op: 'subscribe', id: 1, symbols: ['MSFT'] });
    source.emit('AAPL', 190);
    source.emit('MSFT', 416);
    const update = await client.next('update');
    expect(update.data.map((t) => t.symbol)).toEqual(['MSFT']);
    expect(update.data[0]).toMatchObject({ last: 416, change: 0.5 });

    expect(await client.request({ op: 'unsubscribe', id: 2, symbols: ['MSFT'] })).toEqual({
      type: 'unsubscribed',
      id: 2,
      channel: 'ticker',
      symbols: ['MSFT'],
    });
    source.emit('MSFT', 417);
    // A later ping's pong proves the server handled everything emitted before it.
    source.emit('MSFT', 418);
    await client.request({ op: 'ping', id: 3 });
    await new Promise((resolve) => setImmediate(resolve));
    const sent = client.updates().filter((t) => t.symbol === 'MSFT');
    expect(sent.map((t) => t.last)).toEqual([416]);
  });

  it('list returns every subscription with its throttle', async () => {
    const client = await connect();
    await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL', 'MSFT'], throttleMs: 100 });
    await client.request({ op: 'subscribe', id: 2, symbols: ['BTC-USD'] });
    const list = (await client.request({ op: 'list', id: 3 })) as SubscriptionsMessage;
    expect(list.subscriptions).toEqual([
      { channel: 'ticker', symbol: 'AAPL', throttleMs: 100 },
      { channel: 'ticker', symbol: 'MSFT', throttleMs: 100 },
      { channel: 'ticker', symbol: 'BTC-USD', throttleMs: 0 },
    ]);
  });

  it('re-subscribing updates the throttle, sends no second snapshot and never duplicates updates', async () => {
    const client = await connect();
    await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL'], throttleMs: 1000 });
    await client.next('snapshot');
    const again = await client.request({
      op: 'subscribe',
      id: 2,
      symbols: ['AAPL'],
      throttleMs: 0,
    });
    expect(again).toMatchObject({ type: 'subscribed', throttleMs: 0 });
    source.emit('AAPL', 191);
    const update = await client.next('update');
    expect(update.data).toHaveLength(1);
    await client.request({ op: 'ping', id: 3 });
    expect(client.received.filter((m) => m.type === 'snapshot')).toHaveLength(1);
    expect(client.updates().filter((t) => t.last === 191)).toHaveLength(1);
    const list = (await client.request({ op: 'list', id: 4 })) as SubscriptionsMessage;
    expect(list.subscriptions).toEqual([{ channel: 'ticker', symbol: 'AAPL', throttleMs: 0 }]);
  });

  it('unsubscribing a symbol that is not subscribed is not an error', async () => {
    const client = await connect();
    expect(
      await client.request({ op: 'unsubscribe', id: 1, symbols: ['BTC-USD', 'NOTLISTED'] }),
    ).toMatchObject({
      type: 'unsubscribed',
      symbols: ['BTC-USD', 'NOTLISTED'],
    });
  });

  it('snapshot: false skips the snapshot; a listed symbol without a price has none', async () => {
    const client = await connect();
    await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL'], snapshot: false });
    await client.request({ op: 'subscribe', id: 2, symbols: ['QUIET'] });
    await client.request({ op: 'ping', id: 3 });
    expect(client.received.filter((m) => m.type === 'snapshot')).toHaveLength(0);
  });

  describe('errors (the connection stays open)', () => {
    let errorLogs: ErrorLogRecorder;
    beforeAll(() => {
      errorLogs = recordErrorLogs();
    });
    afterAll(() => errorLogs.restore());

    /**
     * Sends `request` (a string goes out verbatim) and expects one `error` with
     * `code`. Only `INTERNAL` may be logged at error level: anything a client
     * can provoke on purpose must not produce a stack trace.
     */
    async function expectError(request: unknown, code: string): Promise<ErrorMessage> {
      const client = await connect();
      const logged = errorLogs.messages.length;
      client.send(request);
      const error = await client.next('error');
      expect(error.code).toBe(code);
      expect(await client.request({ op: 'ping', id: 'still-open' })).toMatchObject({
        type: 'pong',
      });
      if (code !== 'INTERNAL') expect(errorLogs.messages.slice(logged)).toEqual([]);
      return error;
    }

    it('BAD_JSON for text that is not JSON, for JSON that is not an object, and for binary frames', async () => {
      await expectError('{"op":"subscribe"', 'BAD_JSON');
      await expectError('[1,2,3]', 'BAD_JSON');
      await expectError('null', 'BAD_JSON');
      const client = await connect();
      client.socket.send(Buffer.from(JSON.stringify({ op: 'ping', id: 1 })), { binary: true });
      expect(await client.next('error')).toMatchObject({
        code: 'BAD_JSON',
        message: expect.stringMatching(/binary/i),
      });
    });

    it('BAD_REQUEST names each field problem, including unknown fields', async () => {
      const error = await expectError(
        { op: 'subscribe', id: 7, symbols: 'AAPL', throttleMs: 70000, extra: true },
        'BAD_REQUEST',
      );
      expect(error.id).toBe(7);
      const fields = (error.details ?? []).map((d) => ('field' in d ? d.field : ''));
      expect(fields).toEqual(expect.arrayContaining(['symbols', 'throttleMs', 'extra']));
    });

    it('BAD_REQUEST for wrong types, an empty symbol list, a missing op and a bad id', async () => {
      const typeError = await expectError(
        { op: 'subscribe', symbols: ['AAPL'], throttleMs: '100' },
        'BAD_REQUEST',
      );
      expect(typeError.details).toEqual([
        { field: 'throttleMs', problem: 'throttleMs must be an integer number' },
      ]);
      await expectError({ op: 'ping', id: null }, 'BAD_REQUEST');
      await expectError({ op: 'subscribe', symbols: ['AAPL'], snapshot: 'yes' }, 'BAD_REQUEST');
      await expectError({ op: 'subscribe', symbols: [] }, 'BAD_REQUEST');
      await expectError({ op: 'subscribe', symbols: [1, 2] }, 'BAD_REQUEST');
      await expectError({ op: 'subscribe', symbols: ['AAPL'], throttleMs: -1 }, 'BAD_REQUEST');
      await expectError({ op: 'ping', id: { nested: true } }, 'BAD_REQUEST');
      await expectError({ id: 1, symbols: ['AAPL'] }, 'BAD_REQUEST');
    });

    it('BAD_REQUEST, not INTERNAL, for nesting deeper than 32 levels, naming the limit and the field', async () => {
      const arrays = (n: number): string => '['.repeat(n) + ']'.repeat(n);
      const objects = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
      const frames: Array<[string, string, number | undefined]> = [
        [`{"op":"subscribe","id":1,"symbols":${arrays(1500)}}`, 'symbols', 1],
        [`{"op":"subscribe","id":2,"symbols":["AAPL",${arrays(1500)}]}`, 'symbols', 2],
        [`{"op":"ping","id":${objects(1500)}}`, 'id', undefined],
        [`{"op":"list","id":3,"extra":${arrays(3000)}}`, 'extra', 3],
        [`{"op":"fly","id":4,"extra":${arrays(32)}}`, 'extra', 4],
      ];
      for (const [frame, field, id] of frames) {
        expect(frame.length).toBeLessThan(16_384);
        const error = await expectError(frame, 'BAD_REQUEST');
        expect(error.id).toBe(id);
        expect(error.details).toEqual([
          { field, problem: expect.stringContaining('deeper than 32 levels') },
        ]);
      }
      // 32 levels in all (the request object is the first) is within the limit.
      const within = await expectError(`{"op":"ping","id":1,"extra":${arrays(31)}}`, 'BAD_REQUEST');
      expect(within.details).toEqual([
        { field: 'extra', problem: 'property extra should not exist' },
      ]);
    });

    it('BAD_REQUEST names unknown fields called __proto__, constructor and prototype', async () => {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const ping = await expectError(
          `{"op":"ping","id":3,"${key}":{"polluted":true}}`,
          'BAD_REQUEST',
        );
        expect(ping).toMatchObject({ id: 3, details: [{ field: key }] });
        const subscribe = await expectError(
          `{"op":"subscribe","id":4,"symbols":["AAPL"],"${key}":1}`,
          'BAD_REQUEST',
        );
        expect(subscribe).toMatchObject({ id: 4, details: [{ field: key }] });
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('BAD_REQUEST for null in an optional field: null is not the same as absent', async () => {
      const base = { op: 'subscribe', id: 5, symbols: ['AAPL'] };
      for (const field of ['throttleMs', 'snapshot', 'channel']) {
        const error = await expectError({ ...base, [field]: null }, 'BAD_REQUEST');
        expect(error.details).toEqual([{ field, problem: expect.any(String) }]);
      }
      const unsubscribe = await expectError(
        { op: 'unsubscribe', id: 6, symbols: ['AAPL'], channel: null },
        'BAD_REQUEST',
      );
      expect(unsubscribe.details).toEqual([{ field: 'channel', problem: expect.any(String) }]);
    });

    it('UNKNOWN_OP echoes the id', async () => {
      const error = await expectError({ op: 'fly', id: 'x' }, 'UNKNOWN_OP');
      expect(error.id).toBe('x');
    });

    it('UNKNOWN_CHANNEL', async () => {
      await expectError(
        { op: 'subscribe', channel: 'quotes', symbols: ['AAPL'] },
        'UNKNOWN_CHANNEL',
      );
      await expectError(
        { op: 'unsubscribe', channel: 'depth', symbols: ['AAPL'] },
        'UNKNOWN_CHANNEL',
      );
    });

    it('INVALID_SYMBOL refuses lower case instead of upper-casing it', async () => {
      const error = await expectError({ op: 'subscribe', symbols: ['aapl'] }, 'INVALID_SYMBOL');
      expect(error.symbols).toEqual(['aapl']);
    });

    it('UNKNOWN_SYMBOL names every unknown symbol', async () => {
      const error = await expectError(
        { op: 'subscribe', symbols: ['AAPL', 'NOPE', 'ZZZ'] },
        'UNKNOWN_SYMBOL',
      );
      expect(error.symbols).toEqual(['NOPE', 'ZZZ']);
    });

    it('TOO_MANY_SYMBOLS in one request and across requests', async () => {
      await expectError(
        { op: 'subscribe', symbols: ['AAPL', 'MSFT', 'BTC-USD', 'EUR/USD', 'QUIET'] },
        'TOO_MANY_SYMBOLS',
      );
      const client = await connect();
      await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL', 'MSFT', 'BTC-USD'] });
      expect(
        await client.request({ op: 'subscribe', id: 2, symbols: ['EUR/USD', 'QUIET'] }),
      ).toMatchObject({
        type: 'error',
        code: 'TOO_MANY_SYMBOLS',
      });
      // Re-subscribing what is held already does not count twice.
      expect(
        await client.request({ op: 'subscribe', id: 3, symbols: ['AAPL', 'EUR/USD'] }),
      ).toMatchObject({
        type: 'subscribed',
      });
    });

    it('FORBIDDEN for the wildcard without entitlement', async () => {
      const error = await expectError({ op: 'subscribe', symbols: ['*'] }, 'FORBIDDEN');
      expect(error.symbols).toEqual(['*']);
    });

    it('INTERNAL when the server fails unexpectedly, and the connection survives', async () => {
      source.failingSymbol = 'BOOM';
      const logged = errorLogs.messages.length;
      try {
        const error = await expectError({ op: 'subscribe', id: 9, symbols: ['BOOM'] }, 'INTERNAL');
        expect(error.id).toBe(9);
        expect(error.message).not.toMatch(/reference data/);
        // The one answer that is logged (and the proof that the recorder sees the logs).
        expect(errorLogs.messages.slice(logged)).toEqual([
          expect.stringContaining('unexpected handler failure'),
        ]);
      } finally {
        source.failingSymbol = undefined;
      }
    });

    it('is atomic: one bad symbol and nothing changes; one error names all offenders with reasons', async () => {
      const client = await connect();
      const error = (await client.request({
        op: 'subscribe',
        id: 1,
        symbols: ['AAPL', 'bad', 'NOPE', '*'],
      })) as ErrorMessage;
      expect(error).toMatchObject({
        type: 'error',
        code: 'INVALID_SYMBOL',
        symbols: ['bad', 'NOPE', '*'],
      });
      expect(error.details).toEqual([
        { symbol: 'bad', code: 'INVALID_SYMBOL' },
        { symbol: 'NOPE', code: 'UNKNOWN_SYMBOL' },
        { symbol: '*', code: 'FORBIDDEN' },
      ]);
      const list = (await client.request({ op: 'list', id: 2 })) as SubscriptionsMessage;
      expect(list.subscriptions).toEqual([]);
    });
  });
});

describe('protocol v1 options', () => {
  it('raises throttleMs to the server floor and reports the effective value', async () => {
    const source = new ManualTickSource(LISTED);
    source.emit('AAPL', 1);
    const service = await startTestApp({ MIN_THROTTLE_MS: '200' }, source);
    const client = await TestClient.connect(service.wsUrl);
    try {
      expect(
        await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL'], throttleMs: 10 }),
      ).toMatchObject({
        throttleMs: 200,
      });
      expect(client.received[0]).toMatchObject({ limits: { minThrottleMs: 200 } });
    } finally {
      client.close();
      await service.close();
    }
  });

  it('the wildcard, when allowed, delivers every symbol including ones first seen later', async () => {
    const source = new ManualTickSource(LISTED);
    const service = await startTestApp({ ALLOW_ANONYMOUS_WILDCARD: 'true' }, source);
    source.emit('AAPL', 1);
    const client = await TestClient.connect(service.wsUrl);
    try {
      await client.request({ op: 'subscribe', id: 1, symbols: ['*'] });
      const snapshot = (await client.next('snapshot')) as SnapshotMessage;
      expect(snapshot.data.map((t) => t.symbol)).toEqual(['AAPL']);
      source.emit('NEWCO', 10);
      const update = await client.next('update');
      expect(update.data[0]).toMatchObject({ symbol: 'NEWCO', last: 10 });
    } finally {
      client.close();
      await service.close();
    }
  });

  it('a connection to another path is refused', async () => {
    const service = await startTestApp({}, new ManualTickSource());
    try {
      const socket = new WebSocket(service.wsUrl.replace('/v1/stream', '/v2/stream'));
      await expect(
        new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        }),
      ).rejects.toThrow();
    } finally {
      await service.close();
    }
  });
});
