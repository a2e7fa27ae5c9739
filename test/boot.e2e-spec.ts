import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { CloseCode } from '../src/protocol/close-codes.js';
import { TestClient } from './support/test-client.js';
import { upgradeStatus } from './support/upgrade.js';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;

/** A free loopback port (the OS picks it; we release it for the child to bind). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, LOG_LEVEL: 'log', ...env },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** The built service (`dist/main.js`), as `npm start` runs it. */
describe('the service process', () => {
  it('refuses bad configuration at boot, naming each variable and its accepted range', async () => {
    const run = startMain({ PORT: 'eighty', SIM_RATE: '-5', MAX_MESSAGE_BYTES: '10' });
    expect(await run.exited).toBe(78);
    const { stderr } = run.output();
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('PORT="eighty": expected an integer in 0..65535');
    expect(stderr).toContain('SIM_RATE="-5": expected an integer in 1..1000000');
    expect(stderr).toContain('MAX_MESSAGE_BYTES="10": expected an integer in 256..16777216');
  });

  it('logs JSON lines with LOG_FORMAT=json and never writes a token it was given', async () => {
    const port = await freePort();
    const secret = 'sk-live-0123456789abcdef';
    const run = startMain({
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug',
      AUTH_MODE: 'apikey',
      API_KEYS: 'desk=another-key-0123456789;symbols=*',
    });
    const ready = async (): Promise<boolean> =>
      fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
    while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await upgradeStatus(`ws://127.0.0.1:${port}/v1/stream?token=${secret}`)).status).toBe(
      401,
    );
    const client = await TestClient.connect(
      `ws://127.0.0.1:${port}/v1/stream?token=another-key-0123456789`,
    );
    await client.request({ op: 'ping', id: 1 });
    client.close();
    await client.closed;
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const lines = run.output().stdout.trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(entries.some((e) => e.level === 'info' && /listening/.test(e.msg))).toBe(true);
    expect(entries.some((e) => /refused upgrade .*\[REDACTED\].*401/.test(e.msg))).toBe(true);
    expect(run.output().stdout).not.toContain(secret);
    expect(run.output().stdout).not.toContain('another-key-0123456789');
  });

  it('starts with the simulated market, streams, and on SIGTERM closes clients with 1001 and exits 0', async () => {
    const port = await freePort();
    const run = startMain({ PORT: String(port), HOST: '127.0.0.1' });
    const ready = async (): Promise<boolean> =>
      fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
    while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 100));

    const clients = await Promise.all(
      Array.from({ length: 5 }, () => TestClient.connect(`ws://127.0.0.1:${port}/v1/stream`)),
    );
    for (const client of clients) {
      await client.request({ op: 'subscribe', id: 1, symbols: ['AAPL', 'BTC-USD', 'EUR/USD'] });
      await client.next('update');
    }

    const stopping = Date.now();
    run.child.kill('SIGTERM');
    // A real close frame with 1001 for every client (not a dropped TCP connection: 1006).
    const closes = await Promise.all(clients.map((c) => c.closed));
    expect(closes.map((c) => c.code)).toEqual(Array(5).fill(CloseCode.GOING_AWAY));
    expect(await run.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
  });
});
