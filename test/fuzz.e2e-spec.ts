import fc from 'fast-check';
import { WebSocket } from 'ws';
import { CloseCode } from '../src/protocol/close-codes.js';
import { ErrorCode } from '../src/protocol/error-codes.js';
import type { ErrorMessage, FieldProblem, ServerMessage } from '../src/protocol/messages.js';
import { MAX_REQUEST_DEPTH } from '../src/gateway/request-depth.js';
import { recordErrorLogs, type ErrorLogRecorder } from './support/error-log-recorder.js';
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
const RUNS = 1000;

/**
 * The answer a targeted frame must get: `code`, with a detail naming each of
 * `fields`; `tooDeep`: the one detail is the depth limit, naming that field.
 */
interface Expected {
  code: string;
  fields?: string[];
  tooDeep?: string;
}

type Frame =
  | { kind: 'text'; data: string; expected?: Expected }
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

const OPTIONAL_FIELDS = ['id', 'channel', 'throttleMs', 'snapshot'] as const;
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const REQUEST_OPS = ['subscribe', 'unsubscribe', 'list', 'ping'] as const;
type RequestOp = (typeof REQUEST_OPS)[number];

/** The members of a valid request of `op` (without braces), leaving out `without`. */
function validMembers(op: RequestOp, without: string[] = []): string {
  const members = [`"op":"${op}"`];
  if ((op === 'subscribe' || op === 'unsubscribe') && !without.includes('symbols'))
    members.push('"symbols":["AAPL"]');
  return members.join(',');
}

/** A request that carries a nested value in `field`, at `level` (the request is level 1). */
interface DeepHost {
  field: string;
  level: number;
  wrap: (value: string) => string;
  /** The answer when the nesting is within the limit; BAD_REQUEST when not given. */
  shallow?: ErrorCode;
}

/**
 * Deep nesting inside otherwise valid requests. Every host answers
 * BAD_REQUEST at any depth (the field is wrong or unknown), except the
 * unknown op, which says UNKNOWN_OP unless the nesting is refused first.
 */
const DEEP_HOSTS: readonly DeepHost[] = [
  { field: 'symbols', level: 2, wrap: (v) => `{"op":"subscribe","id":"d","symbols":${v}}` },
  { field: 'symbols', level: 3, wrap: (v) => `{"op":"subscribe","symbols":["AAPL",${v}]}` },
  { field: 'symbols', level: 3, wrap: (v) => `{"op":"unsubscribe","symbols":[${v}]}` },
  { field: 'id', level: 2, wrap: (v) => `{"op":"ping","id":${v}}` },
  { field: 'extra', level: 2, wrap: (v) => `{"op":"list","extra":${v}}` },
  { field: 'extra', level: 3, wrap: (v) => `{"op":"ping","extra":{"a":${v}}}` },
  {
    field: 'channel',
    level: 2,
    wrap: (v) => `{"op":"subscribe","symbols":["AAPL"],"channel":${v}}`,
  },
  {
    field: 'throttleMs',
    level: 2,
    wrap: (v) => `{"op":"subscribe","symbols":["A"],"throttleMs":${v}}`,
  },
  { field: 'op', level: 2, wrap: (v) => `{"op":${v}}` },
  {
    field: 'extra',
    level: 2,
    wrap: (v) => `{"op":"fly","extra":${v}}`,
    shallow: ErrorCode.UNKNOWN_OP,
  },
];

const deepRequest: fc.Arbitrary<Frame> = fc
  .record({
    host: fc.constantFrom(...DEEP_HOSTS),
    // Half near the limit, half up to what fits in a frame.
    depth: fc.oneof(
      fc.integer({ min: MAX_REQUEST_DEPTH - 4, max: MAX_REQUEST_DEPTH + 4 }),
      fc.integer({ min: 1, max: 2100 }),
    ),
    shape: fc.constantFrom('[', '{"a":', '[1,', '{"__proto__":'),
    // No string leaf: `"symbols":["AAPL"]` would be a valid request, not a hostile one.
    leaf: fc.constantFrom('1', 'null', 'true', '1e400'),
  })
  .map(({ host, depth, shape, leaf }) => {
    const close = shape.startsWith('[') ? ']' : '}';
    // As deep as the frame allows: a 1009 close would not test the depth check.
    const room = Math.floor(
      (MAX_MESSAGE_BYTES - host.wrap('').length - leaf.length) / (shape.length + 1),
    );
    const n = Math.min(depth, room);
    const data = host.wrap(shape.repeat(n) + leaf + close.repeat(n));
    const deepest = host.level + n - 1;
    const expected: Expected =
      deepest > MAX_REQUEST_DEPTH
        ? { code: ErrorCode.BAD_REQUEST, tooDeep: host.field }
        : { code: host.shallow ?? ErrorCode.BAD_REQUEST };
    return { kind: 'text' as const, data, expected };
  });

/** A prototype key at every level: of the request itself (0) or under one of its fields (1..3). */
const prototypeKeyRequest: fc.Arbitrary<Frame> = fc
  .record({
    op: fc.constantFrom(...REQUEST_OPS),
    key: fc.constantFrom(...PROTOTYPE_KEYS),
    level: fc.integer({ min: 0, max: 3 }),
    field: fc.constantFrom('id', 'symbols', 'channel', 'throttleMs', 'snapshot', 'extra'),
    inArray: fc.boolean(),
    payload: fc.constantFrom('{"polluted":true}', '1', 'null', '[]', '"AAPL"', '{"op":"ping"}'),
  })
  .map(({ op, key, level, field, inArray, payload }) => {
    if (level === 0) {
      const data = `{${validMembers(op)},"${key}":${payload}}`;
      return {
        kind: 'text' as const,
        data,
        expected: { code: ErrorCode.BAD_REQUEST, fields: [key] },
      };
    }
    let value = `{"${key}":${payload}}`;
    for (let i = 1; i < level; i++) value = inArray ? `[${value}]` : `{"a":${value}}`;
    const data = `{${validMembers(op, [field])},"${field}":${value}}`;
    return {
      kind: 'text' as const,
      data,
      expected: { code: ErrorCode.BAD_REQUEST, fields: [field] },
    };
  });

/** `null` for optional fields of a valid request: null is a value, never "absent". */
const nullFieldRequest: fc.Arbitrary<Frame> = fc
  .record({
    op: fc.constantFrom(...REQUEST_OPS),
    fields: fc.subarray([...OPTIONAL_FIELDS], { minLength: 1 }),
  })
  .map(({ op, fields }) => ({
    kind: 'text' as const,
    data: `{${[validMembers(op), ...fields.map((f) => `"${f}":null`)].join(',')}}`,
    expected: { code: ErrorCode.BAD_REQUEST, fields },
  }));

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { arbitrary: deepRequest, weight: 3 },
  { arbitrary: prototypeKeyRequest, weight: 2 },
  { arbitrary: nullFieldRequest, weight: 1 },
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

/** Checks a targeted frame's answer against what it must be. */
function expectAnswer(answer: ServerMessage, expected: Expected): void {
  expect(answer).toMatchObject({ type: 'error', code: expected.code });
  const details = ((answer as ErrorMessage).details ?? []) as FieldProblem[];
  if (expected.tooDeep !== undefined) {
    expect(details).toEqual([
      {
        field: expected.tooDeep,
        problem: expect.stringContaining(`deeper than ${MAX_REQUEST_DEPTH} levels`),
      },
    ]);
  }
  for (const field of expected.fields ?? []) {
    expect(details.map((d) => d.field)).toContain(field);
  }
}

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

  let errorLogs: ErrorLogRecorder;
  beforeAll(() => {
    errorLogs = recordErrorLogs();
  });
  afterAll(() => errorLogs.restore());

  it('answers every frame with a defined reply, error or close; never INTERNAL, never an error log; others keep streaming', async () => {
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
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
    /** Targeted frames whose answer was checked, by what was checked. */
    const checked = new Map<string, number>();
    let client = await TestClient.connect(service.wsUrl);
    let probe = 0;

    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        if (client.socket.readyState !== WebSocket.OPEN)
          client = await TestClient.connect(service.wsUrl);
        const from = client.received.length;
        const logged = errorLogs.messages.length;
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
          // A client can provoke every other answer; INTERNAL would be a server bug it found.
          if (m.type === 'error') expect(m.code).not.toBe(ErrorCode.INTERNAL);
        }
        // Nothing a client sends may produce a stack trace (LOG_LEVEL hides them, this does not).
        expect(errorLogs.messages.slice(logged)).toEqual([]);
        if (answer === 'pong') {
          // The fuzzed frame itself got exactly one answer before the probe's pong.
          const direct = replies.filter(
            (m) => !['snapshot', 'update', 'heartbeat', 'warning'].includes(m.type),
          );
          expect(direct).toHaveLength(1);
          if (f.kind === 'text' && f.expected) {
            expectAnswer(direct[0]!, f.expected);
            const kind = f.expected.tooDeep
              ? 'too-deep'
              : f.expected.fields
                ? 'named-field'
                : 'code';
            checked.set(kind, (checked.get(kind) ?? 0) + 1);
          }
          const key =
            direct[0]!.type === 'error'
              ? `error:${(direct[0] as { code: string }).code}`
              : direct[0]!.type;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        } else {
          // Targeted frames fit in a frame and must be answered, not closed.
          expect(f.kind === 'text' && f.expected).toBeFalsy();
          expect(DEFINED_CLOSES.has(answer)).toBe(true);
          outcomes.set(`close:${answer}`, (outcomes.get(`close:${answer}`) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS },
    );
    client.close();

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    const updatesBefore = witness.updates().length;
    await witness.until(() => witness.updates().length > updatesBefore + 50, 10_000);
    expect(witness.socket.readyState).toBe(WebSocket.OPEN);
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(
      `fuzz: ${RUNS} cases; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}; ` +
        `targeted answers checked ${JSON.stringify(Object.fromEntries([...checked].sort()))}; ` +
        `RSS growth ${rssGrowthMb.toFixed(1)} MiB`,
    );
    expect(rssGrowthMb).toBeLessThan(200);
    witness.close();
  }, 300_000);
});
