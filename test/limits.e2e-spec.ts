import { CloseCode } from '../src/protocol/close-codes.js';
import { ManualTickSource } from './support/manual-tick.source.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

describe('connection limits', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp(
      {
        MAX_MESSAGE_BYTES: '1024',
        MAX_REQUESTS_PER_SECOND: '5',
        RATE_LIMIT_MAX_STRIKES: '10',
        PING_INTERVAL_MS: '1000',
      },
      new ManualTickSource(new Set(['AAPL'])),
    );
  });
  afterAll(() => service.close());

  it('closes with 1009 on a frame over maxMessageBytes', async () => {
    const client = await TestClient.connect(service.wsUrl);
    client.send({ op: 'ping', id: 'x'.repeat(2000) });
    expect((await client.closed).code).toBe(CloseCode.MESSAGE_TOO_BIG);
  });

  it('accepts a frame just under maxMessageBytes', async () => {
    const client = await TestClient.connect(service.wsUrl);
    const padding = 'A'.repeat(900);
    expect(
      await client.request({ op: 'unsubscribe', id: 1, symbols: [padding.slice(0, 30)] }),
    ).toMatchObject({
      type: 'unsubscribed',
    });
    client.close();
  });

  it('answers RATE_LIMITED beyond maxRequestsPerSecond, in request order, and keeps the connection', async () => {
    const client = await TestClient.connect(service.wsUrl);
    for (let i = 0; i < 8; i++) client.send({ op: 'ping', id: i });
    await client.until(() => client.received.filter((m) => 'id' in m && m.id === 7).length > 0);
    const replies = client.received.filter((m) => m.type === 'pong' || m.type === 'error');
    expect(replies.map((m) => m.type)).toEqual([
      'pong',
      'pong',
      'pong',
      'pong',
      'pong',
      'error',
      'error',
      'error',
    ]);
    expect(replies.slice(5)).toEqual(
      [5, 6, 7].map((id) => expect.objectContaining({ id, code: 'RATE_LIMITED' })),
    );
    // Tokens refill at 5/s: after the wait below a request is admitted again.
    const pong = await new Promise((resolve) => setTimeout(resolve, 250)).then(() =>
      client.request({ op: 'ping', id: 'later' }),
    );
    expect(pong).toMatchObject({ type: 'pong' });
    client.close();
  });

  it('closes with 4029 when a client keeps flooding', async () => {
    const client = await TestClient.connect(service.wsUrl);
    for (let i = 0; i < 100; i++) client.send({ op: 'ping', id: i });
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.RATE_LIMITED);
    expect(client.received.filter((m) => m.type === 'error')).toHaveLength(10);
  });

  it('reaps a connection that stops answering WebSocket pings', async () => {
    const client = await TestClient.connect(service.wsUrl, { autoPong: false });
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.ABNORMAL);
  });

  it('keeps a connection that answers pings', async () => {
    const client = await TestClient.connect(service.wsUrl);
    await new Promise<void>((resolve) => {
      let pings = 0;
      client.socket.on('ping', () => ++pings === 2 && resolve());
    });
    expect(await client.request({ op: 'ping', id: 1 })).toMatchObject({ type: 'pong' });
    client.close();
  });
});
