import { EventEmitter, once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { Authenticator } from '../src/auth/authenticator.js';
import { JwtVerifier } from '../src/auth/jwt.verifier.js';
import type { VerifyOutcome } from '../src/auth/auth-result.js';
import { settle } from './support/eventually.js';
import { ManualTickSource } from './support/manual-tick.source.js';
import { metricValue } from './support/metrics.js';
import { connectRaw, rawRequest, upgradeHead } from './support/raw-http.js';
import { freePort, startMain, type ServiceProcess } from './support/service-process.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

const SECRET = 'a-test-secret-of-at-least-32-bytes-long!';
const MAX_CONNECTIONS = 5;
/** Resets in the flood: far more than the slots, so a leak of a few percent fills the server. */
const FLOOD_RESETS = 1000;
/** Bound on one wait for the test's own events, in ms. */
const EVENT_TIMEOUT_MS = 5000;

const sign = (): Promise<string> =>
  new SignJWT({ symbols: ['*'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('flooder')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

const JWT_ENV = { AUTH_MODE: 'jwt', JWT_SECRET: SECRET, MAX_CONNECTIONS: String(MAX_CONNECTIONS) };

/** The limiter's slots in use, as `/metrics` shows them. */
async function slotsUsed(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return metricValue(text, 'tickstream_connection_slots_used');
}

/** Opens `count` streams with `token` and returns them (each waited for its `welcome`). */
function connectAll(wsUrl: string, token: string, count: number): Promise<TestClient[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      TestClient.connect(wsUrl, { headers: { Authorization: `Bearer ${token}` } }),
    ),
  );
}

/** Closes `clients` and waits for each close. */
async function closeAll(clients: readonly TestClient[]): Promise<void> {
  clients.forEach((c) => c.close());
  await Promise.all(clients.map((c) => c.closed));
}

/** Resolves when `socket` has closed, however (`once()` would reject on a reset's 'error'). */
function closeOf(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Resolves with the first `event` of `emitter`, or rejects after {@link EVENT_TIMEOUT_MS}. */
async function next<T>(emitter: EventEmitter, event: string): Promise<T> {
  const [value] = (await once(emitter, event, {
    signal: AbortSignal.timeout(EVENT_TIMEOUT_MS),
  })) as [T];
  return value;
}

describe('connection slots under resets (built service, JWT)', () => {
  let service: ServiceProcess;
  let baseUrl: string;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    service = startMain({ ...JWT_ENV, PORT: String(port), HOST: '127.0.0.1' });
    await service.listening();
  });
  afterAll(async () => {
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('gives every slot back after a flood of resets during verification', async () => {
    const token = await sign();
    const request = `${upgradeHead('/v1/stream', [`Authorization: Bearer ${token}`])}\r\n\r\n`;
    // Each client sends a valid upgrade and resets (RST) after a varying pause, so resets land
    // before, during and after the server's (asynchronous) token verification.
    const pauses: Array<(resume: () => void) => void> = [
      (resume) => setImmediate(resume),
      (resume) => setTimeout(resume, 0),
      (resume) => setTimeout(resume, 1),
      (resume) => setTimeout(resume, 2),
    ];
    for (let i = 0; i < FLOOD_RESETS; i++) {
      const socket = await connectRaw(port);
      // Bound first: a refused upgrade closes the connection from the server's side, during the pause.
      const closed = closeOf(socket);
      socket.write(request);
      await new Promise<void>((resume) => pauses[i % pauses.length]!(resume));
      socket.resetAndDestroy();
      await closed;
    }

    // Verifications still running when the last client left settle first.
    const settled = await settle(
      () => slotsUsed(baseUrl),
      (used) => used === 0,
    );
    const clients = await connectAll(`ws://127.0.0.1:${port}/v1/stream`, token, MAX_CONNECTIONS);
    expect(settled).toBe(0);
    expect(await slotsUsed(baseUrl)).toBe(MAX_CONNECTIONS);
    const over = await rawRequest(
      port,
      upgradeHead('/v1/stream', [`Authorization: Bearer ${token}`]),
    );
    expect(over.status).toBe(503);
    await closeAll(clients);
    expect(
      await settle(
        () => slotsUsed(baseUrl),
        (used) => used === 0,
      ),
    ).toBe(0);
  });
});

describe('connection slots on every path of the check (in process, JWT)', () => {
  let service: TestApp;
  let port: number;
  let token: string;

  beforeAll(async () => {
    service = await startTestApp(
      { ...JWT_ENV, AUTH_TIMEOUT_MS: '300' },
      new ManualTickSource(new Set(['AAPL'])),
    );
    port = Number(new URL(service.baseUrl).port);
    token = await sign();
  });
  afterAll(() => service.close());
  afterEach(() => jest.restoreAllMocks());

  /** Sends a valid upgrade on a raw socket. */
  async function sendUpgrade(): Promise<Socket> {
    const socket = await connectRaw(port);
    socket.write(`${upgradeHead('/v1/stream', [`Authorization: Bearer ${token}`])}\r\n\r\n`);
    return socket;
  }

  it('gives the slot back when the client resets while its token is checked', async () => {
    // The check is held until the server has seen the reset, so the reset lands inside it
    // every time; the verification itself is the real one and succeeds.
    const checking = new EventEmitter();
    const authenticate = Authenticator.prototype.authenticate;
    jest.spyOn(Authenticator.prototype, 'authenticate').mockImplementation(async function (
      this: Authenticator,
      request,
    ) {
      const socket = (request as IncomingMessage).socket;
      // Not `once()`: it would reject on the reset's 'error' event.
      const closed = new Promise((resolve) => socket.once('close', resolve));
      checking.emit('checking');
      await closed;
      return authenticate.call(this, request);
    });

    // Answers that came before the check started: a server whose slots leaked says 503 here.
    const answeredUnchecked: string[] = [];
    for (let i = 0; i < MAX_CONNECTIONS * 2; i++) {
      const socket = await sendUpgrade();
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      const refused = closeOf(socket).then(() => answer.split('\r\n')[0] ?? '');
      let onChecking: () => void = () => undefined;
      const checked = new Promise<'checking'>((resolve) => {
        onChecking = () => resolve('checking');
        checking.once('checking', onChecking);
      });
      const first = await Promise.race([checked, refused]);
      checking.off('checking', onChecking);
      if (first !== 'checking') {
        answeredUnchecked.push(first);
        continue;
      }
      socket.resetAndDestroy();
      await refused;
    }
    expect(answeredUnchecked).toEqual([]);
    jest.restoreAllMocks();

    const settled = await settle(
      () => slotsUsed(service.baseUrl),
      (used) => used === 0,
    );
    await closeAll(await connectAll(service.wsUrl, token, MAX_CONNECTIONS));
    expect(settled).toBe(0);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(
      metricValue(metrics, 'tickstream_upgrades_refused_total', { reason: 'client_gone' }),
    ).toBeGreaterThanOrEqual(MAX_CONNECTIONS * 2);
  });

  it('takes no slot for a check that times out, nor when the late verification ends', async () => {
    let finish: (outcome: VerifyOutcome) => void = () => undefined;
    const started = new EventEmitter();
    jest.spyOn(JwtVerifier.prototype, 'verify').mockImplementation(
      () =>
        new Promise<VerifyOutcome>((resolve) => {
          finish = resolve;
          started.emit('verifying');
        }),
    );
    const socket = await sendUpgrade();
    const closed = closeOf(socket);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await next(started, 'verifying');
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(await slotsUsed(service.baseUrl)).toBe(0);
    // The verification that lost the race admits nobody when it ends.
    finish({
      ok: true,
      principal: {
        id: 'late',
        kind: 'jwt',
        entitlements: { wildcard: false, allows: () => true, patterns: ['*'] },
      },
    });
    jest.restoreAllMocks();
    expect(await slotsUsed(service.baseUrl)).toBe(0);
  });

  it('takes no slot for a refused credential, and gives it back when an open stream resets', async () => {
    const refused = await rawRequest(
      port,
      upgradeHead('/v1/stream', ['Authorization: Bearer nope']),
    );
    expect(refused.status).toBe(401);
    expect(await slotsUsed(service.baseUrl)).toBe(0);

    const clients = await connectAll(service.wsUrl, token, MAX_CONNECTIONS);
    expect(await slotsUsed(service.baseUrl)).toBe(MAX_CONNECTIONS);
    // Dropped without a close handshake: the server learns it from the TCP connection alone.
    clients.forEach((c) => c.socket.terminate());
    await Promise.all(clients.map((c) => c.closed));
    expect(
      await settle(
        () => slotsUsed(service.baseUrl),
        (used) => used === 0,
      ),
    ).toBe(0);
  });
});
