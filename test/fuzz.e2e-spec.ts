import fc from 'fast-check';
import { WebSocket } from 'ws';
import { CloseCode } from '../src/protocol/close-codes.js';
import { ErrorCode } from '../src/protocol/error-codes.js';
import type { ServerMessage } from '../src/protocol/messages.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

/** Close codes a hostile frame may legitimately earn (RFC 6455 1007 for invalid UTF-8 in a text frame). */
const DEFINED_CLOSES = new Set<number>([CloseCode.MESSAGE_TOO_BIG, 1007, CloseCode.RATE_LIMITED]);
const KNOWN_TYPES = new Set([
  'subscribed',
  'unsubscribed',
  'subscriptions',
  'pong',
  'snapshot',
  'update',
  'heartbeat',
  'warning',
  'error',
]);
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const MAX_MESSAGE_BYTES = 4096;
const RUNS = 400;

type Frame =
  | { kind: 'text'; data: string }
  | { kind: 'binary'; data: Uint8Array }
  | { kind: 'raw-text'; data: Buffer }
  | { kind: 'fragments'; parts: number };

const OPS = [
  'subscribe',
  'unsubscribe',
  'list',
  'ping',
  'SUBSCRIBE',
  '',
  'constructor',
  '__proto__',
  'toString',
];
const request = fc.record(
  {
    op: fc.oneof(fc.constantFrom(...OPS), fc.anything()),
    id: fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.anything()),
    channel: fc.oneof(fc.constant('ticker'), fc.string(), fc.anything()),
    symbols: fc.oneof(
      fc.array(fc.constantFrom('AAPL', 'BTC-USD', 'aapl', '*', '', 'X'.repeat(40))),
      fc.anything(),
    ),
    throttleMs: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.anything()),
    snapshot: fc.anything(),
  },
  { requiredKeys: [] },
);

const frame: fc.Arbitrary<Frame> = fc.oneof(
  request.map((r) => ({ kind: 'text' as const, data: JSON.stringify(r) ?? 'null' })),
  fc.json().map((data) => ({ kind: 'text' as const, data })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((data) => ({ kind: 'text' as const, data })),
  fc
    .integer({ min: 1, max: 3000 })
    .map((n) => ({ kind: 'text' as const, data: '['.repeat(n) + ']'.repeat(n) })),
  fc.integer({ min: 1, max: 2000 }).map((n) => ({
    kind: 'text' as const,
    data: `{"op":"subscribe","symbols":[${'"A",'.repeat(n)}"B"]}`,
  })),
  fc
    .constantFrom(
      '{"op":"subscribe","symbols":["AAPL"],"__proto__":{"polluted":true}}',
      '{"__proto__":{"op":"ping"}}',
      '{"op":"ping","constructor":{"prototype":{"polluted":true}}}',
      '{"op":"subscribe","symbols":{"length":1,"0":"AAPL"}}',
      '{"op":"subscribe","symbols":["AAPL"],"throttleMs":1e400}',
    )
    .map((data) => ({ kind: 'text' as const, data })),
  fc.uint8Array({ maxLength: 300 }).map((data) => ({ kind: 'binary' as const, data })),
  fc
    .constantFrom(Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))
    .map((data) => ({ kind: 'raw-text' as const, data })),
  fc.integer({ min: 1, max: 400 }).map((parts) => ({ kind: 'fragments' as const, parts })),
);

function sendFrame(socket: WebSocket, f: Frame): void {
  if (f.kind === 'text') socket.send(f.data);
  else if (f.kind === 'binary') socket.send(f.data, { binary: true });
  else if (f.kind === 'raw-text') socket.send(f.data, { binary: false });
  else
    for (let i = 0; i < f.parts; i++) socket.send('{"op":"ping",'.padEnd(64, ' '), { fin: false });
}

describe('fuzzing the gateway with hostile frames (fast-check)', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({
      SIM_RATE: '500',
      SIM_SYMBOLS: '20',
      MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      MAX_REQUESTS_PER_SECOND: '10000',
      RATE_LIMIT_MAX_STRIKES: '100000',
      LOG_LEVEL: 'fatal',
    });
  });
  afterAll(() => service.close());

  it('answers every frame with a defined reply, error or close; never crashes; others keep streaming', async () => {
    const symbols = (
      (await (await fetch(`${service.baseUrl}/v1/symbols`)).json()) as { symbols: string[] }
    ).symbols;
    const witness = await TestClient.connect(service.wsUrl);
    await witness.request({
      op: 'subscribe',
      id: 'w',
      symbols: symbols.slice(0, 5),
      throttleMs: 0,
    });
    await witness.next('update');
    const rssBefore = process.memoryUsage().rss;
    const outcomes = new Map<string, number>();
    let client = await TestClient.connect(service.wsUrl);
    let probe = 0;

    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        if (client.socket.readyState !== WebSocket.OPEN)
          client = await TestClient.connect(service.wsUrl);
        const from = client.received.length;
        const id = `probe-${probe++}`;
        sendFrame(client.socket, f);
        if (f.kind === 'fragments') client.socket.send(' "id":"x"}', { fin: true });
        if (client.socket.readyState === WebSocket.OPEN)
          client.socket.send(JSON.stringify({ op: 'ping', id }));
        const answer = await Promise.race([
          client.until((m) => m.type === 'pong' && m.id === id, 10_000).then(() => 'pong' as const),
          client.closed.then((c) => c.code),
        ]);
        const replies = client.received
          .slice(from)
          .filter((m: ServerMessage) => !(m.type === 'pong' && m.id === id));
        for (const m of replies) {
          expect(KNOWN_TYPES.has(m.type)).toBe(true);
          if (m.type === 'error') expect(KNOWN_CODES.has(m.code)).toBe(true);
        }
        if (answer === 'pong') {
          // The fuzzed frame itself got exactly one answer before the probe's pong.
          const direct = replies.filter(
            (m) => !['snapshot', 'update', 'heartbeat', 'warning'].includes(m.type),
          );
          expect(direct).toHaveLength(1);
          const key =
            direct[0]!.type === 'error'
              ? `error:${(direct[0] as { code: string }).code}`
              : direct[0]!.type;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        } else {
          expect(DEFINED_CLOSES.has(answer)).toBe(true);
          outcomes.set(`close:${answer}`, (outcomes.get(`close:${answer}`) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS },
    );
    client.close();

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const updatesBefore = witness.updates().length;
    await witness.until(() => witness.updates().length > updatesBefore + 50, 10_000);
    expect(witness.socket.readyState).toBe(WebSocket.OPEN);
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(
      `fuzz: ${RUNS} cases; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}; ` +
        `RSS growth ${rssGrowthMb.toFixed(1)} MiB`,
    );
    expect(rssGrowthMb).toBeLessThan(200);
    witness.close();
  }, 300_000);
});
