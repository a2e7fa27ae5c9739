import { CloseCode } from '../src/protocol/close-codes.js';
import { freePort, startMain } from './support/service-process.js';
import { TestClient } from './support/test-client.js';
import { upgradeStatus } from './support/upgrade.js';

/** Secret-looking values, each put where a credential variable's parser will refuse it. */
const SECRETS = {
  swappedKey: 'sk-live-AAAA0123456789abcdef',
  asAttribute: 'sk-live-CCCC0123456789abcdef',
  asPattern: 'sk-live-eeee0123456789abcdef',
  asDuplicateId: 'sk-live-FFFF0123456789abcdef',
  inFileVariable: 'sk-live-HHHH0123456789abcdef',
  pemBody: 'MIIEsecretPEMbody0123456789',
  shortSecret: 'short-secret-IIII',
  shortMetricsToken: 'metrics-JJJJ',
};

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

  it('names bad credentials by variable and position, never printing them', async () => {
    const apikey = startMain({
      AUTH_MODE: 'apikey',
      API_KEYS: [
        `${SECRETS.swappedKey}=desk;symbols=*`,
        `desk=sk-live-BBBB0123456789abcdef;${SECRETS.asAttribute}`,
        `ops=sk-live-DDDD0123456789abcdef;symbols=AAPL|${SECRETS.asPattern}`,
        'x1=sk-live-GGGG0123456789abcdef;symbols=*',
        `${SECRETS.asDuplicateId}=sk-live-GGGG0123456789abcdef;symbols=*`,
      ].join(','),
      API_KEYS_FILE: `{"keys":[{"id":"k","key":"${SECRETS.inFileVariable}","symbols":["*"]}]}`,
    });
    const jwt = startMain({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRETS.shortSecret,
      JWT_PUBLIC_KEY_FILE: `-----BEGIN PUBLIC KEY-----\n${SECRETS.pemBody}\n-----END PUBLIC KEY-----`,
      METRICS_TOKEN: SECRETS.shortMetricsToken,
    });
    expect([await apikey.exited, await jwt.exited]).toEqual([78, 78]);

    const apikeyErrors = apikey.output().stderr;
    for (const problem of [
      'API_KEYS_FILE: cannot read the file it names (ENOENT)',
      'API_KEYS: entry 1: key must be 16..512 characters',
      'API_KEYS: entry 2: attribute 1: unknown name',
      'API_KEYS: entry 3: symbols[1]: not a valid symbol (upper case)',
      'API_KEYS entry 5: same key as API_KEYS entry 4',
    ]) {
      expect(apikeyErrors).toContain(problem);
    }
    const jwtErrors = jwt.output().stderr;
    for (const problem of [
      'JWT_SECRET: must be at least 32 bytes',
      'JWT_PUBLIC_KEY_FILE: cannot read the file it names (ENOENT)',
      'METRICS_TOKEN: must be 32..512 characters',
    ]) {
      expect(jwtErrors).toContain(problem);
    }
    const everything = [apikey.output(), jwt.output()].flatMap((o) => [o.stdout, o.stderr]).join();
    for (const [where, secret] of Object.entries(SECRETS)) {
      expect({ where, printed: everything.includes(secret) }).toEqual({ where, printed: false });
    }
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
    await run.listening();
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
    await run.listening();

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
