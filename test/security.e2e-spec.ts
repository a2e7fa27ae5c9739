import { once } from 'node:events';
import { createConnection } from 'node:net';
import { SignJWT } from 'jose';
import { CloseCode } from '../src/protocol/close-codes.js';
import type { ErrorMessage, WelcomeMessage } from '../src/protocol/messages.js';
import { ManualTickSource } from './support/manual-tick.source.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';
import { upgradeStatus } from './support/upgrade.js';

const LISTED = new Set(['AAPL', 'MSFT', 'BTC-USD', 'ETH-USD', 'FX:EURUSD', 'FX:GBPUSD']);
const SECRET = 'a-test-secret-of-at-least-32-bytes-long!';

function feed(): ManualTickSource {
  const source = new ManualTickSource(LISTED);
  for (const symbol of LISTED) source.emit(symbol, 10);
  return source;
}

describe('API keys at the upgrade', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp(
      {
        AUTH_MODE: 'apikey',
        API_KEYS: [
          'desk=desk-key-0123456789;symbols=FX:*|*-USD;maxSymbols=3',
          'ops=ops-key-0123456789;symbols=*;wildcard=true;maxConnections=1',
        ].join(','),
      },
      feed(),
    );
  });
  afterAll(() => service.close());

  it('refuses a missing or unknown key with 401 before any socket exists', async () => {
    expect(await upgradeStatus(service.wsUrl)).toMatchObject({
      status: 401,
      headers: expect.objectContaining({ 'www-authenticate': expect.stringMatching(/^Bearer/) }),
    });
    expect((await upgradeStatus(`${service.wsUrl}?token=nope`)).status).toBe(401);
    expect(
      (await upgradeStatus(service.wsUrl, { headers: { Authorization: 'Bearer nope' } })).status,
    ).toBe(401);
  });

  it('accepts a key from the Authorization header or from ?token=', async () => {
    const byHeader = await TestClient.connect(service.wsUrl, {
      headers: { Authorization: 'Bearer desk-key-0123456789' },
    });
    const byQuery = await TestClient.connect(`${service.wsUrl}?token=desk-key-0123456789`);
    expect((byHeader.received[0] as WelcomeMessage).limits.maxSymbols).toBe(3);
    byHeader.close();
    byQuery.close();
  });

  it('enforces entitlements atomically: patterns allow, others are FORBIDDEN', async () => {
    const client = await TestClient.connect(`${service.wsUrl}?token=desk-key-0123456789`);
    expect(
      await client.request({ op: 'subscribe', id: 1, symbols: ['FX:EURUSD', 'BTC-USD'] }),
    ).toMatchObject({
      type: 'subscribed',
    });
    const refused = (await client.request({
      op: 'subscribe',
      id: 2,
      symbols: ['ETH-USD', 'AAPL', '*'],
    })) as ErrorMessage;
    expect(refused).toMatchObject({ type: 'error', code: 'FORBIDDEN', symbols: ['AAPL', '*'] });
    const list = await client.request({ op: 'list', id: 3 });
    expect(list).toMatchObject({ subscriptions: [{ symbol: 'FX:EURUSD' }, { symbol: 'BTC-USD' }] });
    expect(
      await client.request({ op: 'subscribe', id: 4, symbols: ['ETH-USD', 'FX:GBPUSD'] }),
    ).toMatchObject({
      code: 'TOO_MANY_SYMBOLS',
    });
    client.close();
  });

  it('lets an entitled key use the wildcard, and caps its connections with 429', async () => {
    const ops = await TestClient.connect(`${service.wsUrl}?token=ops-key-0123456789`);
    expect(await ops.request({ op: 'subscribe', id: 1, symbols: ['*'] })).toMatchObject({
      type: 'subscribed',
    });
    expect((await upgradeStatus(`${service.wsUrl}?token=ops-key-0123456789`)).status).toBe(429);
    ops.close();
    await ops.closed;
    await expect(
      TestClient.connect(`${service.wsUrl}?token=ops-key-0123456789`),
    ).resolves.toBeDefined();
  });
});

describe('JWT at the upgrade', () => {
  let service: TestApp;
  const sign = (claims: Record<string, unknown>, expiresIn: string | number = '1h') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bot-7')
      .setAudience('tickstream')
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(SECRET));

  beforeAll(async () => {
    service = await startTestApp(
      {
        AUTH_MODE: 'jwt',
        JWT_SECRET: SECRET,
        JWT_AUDIENCE: 'tickstream',
        JWT_CLOCK_TOLERANCE_S: '0',
      },
      feed(),
    );
  });
  afterAll(() => service.close());

  it('accepts a valid token and applies its symbol claims', async () => {
    const token = await sign({ symbols: ['AAPL'] });
    const client = await TestClient.connect(service.wsUrl, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL'] })).toMatchObject({
      type: 'subscribed',
    });
    expect(await client.request({ op: 'subscribe', id: 2, symbols: ['MSFT'] })).toMatchObject({
      code: 'FORBIDDEN',
    });
    client.close();
  });

  it('refuses expired, wrong-audience and tampered tokens with 401', async () => {
    const expired = await sign({ symbols: ['AAPL'] }, Math.floor(Date.now() / 1000) - 60);
    const wrongAudience = await new SignJWT({ symbols: ['AAPL'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const valid = await sign({ symbols: ['AAPL'] });
    const tampered = valid.slice(0, -3) + (valid.endsWith('AAA') ? 'BBB' : 'AAA');
    for (const token of [expired, wrongAudience, tampered, 'not.a.jwt']) {
      expect((await upgradeStatus(`${service.wsUrl}?token=${token}`)).status).toBe(401);
    }
  });

  it('closes the connection with 1008 when its token expires', async () => {
    const token = await sign({ symbols: ['AAPL'] }, Math.floor(Date.now() / 1000) + 2);
    const client = await TestClient.connect(`${service.wsUrl}?token=${token}`);
    expect((await client.closed).code).toBe(CloseCode.POLICY_VIOLATION);
  });
});

describe('origins, connection limits and lifetime', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp(
      {
        ALLOWED_ORIGINS: 'https://trader.example.com',
        MAX_CONNECTIONS: '3',
        MAX_CONNECTION_LIFETIME_MS: '1500',
        HANDSHAKE_TIMEOUT_MS: '1000',
      },
      feed(),
    );
  });
  afterAll(() => service.close());

  it('refuses a disallowed browser Origin with 403; no Origin (a bot) and an allowed one pass', async () => {
    expect(
      (await upgradeStatus(service.wsUrl, { origin: 'https://evil.example.net' })).status,
    ).toBe(403);
    expect(
      (await upgradeStatus(service.wsUrl, { origin: 'https://trader.example.com' })).status,
    ).toBe(101);
    expect((await upgradeStatus(service.wsUrl)).status).toBe(101);
  });

  it('answers 503 with Retry-After when the server is full', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => TestClient.connect(service.wsUrl)));
    const refused = await upgradeStatus(service.wsUrl);
    expect(refused).toMatchObject({
      status: 503,
      headers: expect.objectContaining({ 'retry-after': '5' }),
    });
    clients.forEach((c) => c.close());
    await Promise.all(clients.map((c) => c.closed));
  });

  it('closes a connection with 1001 at its maximum lifetime', async () => {
    const client = await TestClient.connect(service.wsUrl);
    const opened = Date.now();
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.GOING_AWAY);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(1400);
  });

  it('closes a connection whose upgrade request never completes (handshake timeout)', async () => {
    const { port } = new URL(service.baseUrl);
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
    await once(socket, 'connect');
    socket.write('GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n');
    const opened = Date.now();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - opened).toBeLessThan(1000 + 2000 + 1000);
  });

  it('counts refusals by reason in /metrics', async () => {
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^tickstream_upgrades_refused_total\{reason="origin_not_allowed"\} [1-9]/m,
    );
    expect(metrics).toMatch(/^tickstream_upgrades_refused_total\{reason="server_full"\} [1-9]/m);
    expect(metrics).toMatch(/^tickstream_limit\{name="max_connections"\} 3$/m);
    expect(metrics).toMatch(/^tickstream_limit\{name="handshake_timeout_ms"\} 1000$/m);
  });
});

describe('bad auth configuration', () => {
  it('fails at boot naming the variable', async () => {
    await expect(startTestApp({ AUTH_MODE: 'apikey' })).rejects.toThrow(/API_KEYS/);
    await expect(startTestApp({ AUTH_MODE: 'jwt', JWT_SECRET: 'short' })).rejects.toThrow(
      /JWT_SECRET/,
    );
  });
});
