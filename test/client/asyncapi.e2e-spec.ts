import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { ErrorCode, Op, type ServerMessageType } from '../../src/protocol/index.js';

const SPEC = new URL('../../docs/asyncapi.yaml', import.meta.url);

/**
 * Every message type the gateway can send. A `Record` over `ServerMessageType`
 * makes the type checker fail when a type is added to the protocol module and
 * not here — and this test then fails until the document describes it.
 */
const SERVER_MESSAGE_TYPES: Record<ServerMessageType, true> = {
  welcome: true,
  subscribed: true,
  unsubscribed: true,
  subscriptions: true,
  pong: true,
  snapshot: true,
  update: true,
  heartbeat: true,
  warning: true,
  error: true,
};

/** Severity 0 is an error in the parser's diagnostics (Spectral). */
const ERROR_SEVERITY = 0;

describe('docs/asyncapi.yaml', () => {
  let document: NonNullable<Awaited<ReturnType<Parser['parse']>>['document']>;

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(readFileSync(SPEC, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === ERROR_SEVERITY);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    if (!parsed) throw new Error('the AsyncAPI parser returned no document');
    document = parsed;
  }, 30_000);

  /**
   * The `const` of payload property `property` of each message the service
   * sends (send operations, and replies of receive operations) or receives.
   */
  const constsOf = (direction: 'sent' | 'received', property: string): string[] =>
    document
      .operations()
      .all()
      .flatMap((operation) => {
        const own = operation.messages().all();
        const replies = operation.reply()?.messages().all() ?? [];
        if (direction === 'received') return operation.action() === 'receive' ? own : [];
        return operation.action() === 'send' ? [...own, ...replies] : replies;
      })
      .map((message) => message.payload()?.properties()?.[property]?.const())
      .filter((value): value is string => typeof value === 'string');

  it('is AsyncAPI 3 and describes the stream channel', () => {
    expect(document.version()).toMatch(/^3\./);
    expect(
      document
        .channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(['/v1/stream']);
  });

  it('describes every message type the service sends', () => {
    const described = new Set(constsOf('sent', 'type'));
    const missing = Object.keys(SERVER_MESSAGE_TYPES).filter((type) => !described.has(type));
    expect(missing).toEqual([]);
  });

  it('describes every client request with its reply', () => {
    expect(new Set(constsOf('received', 'op'))).toEqual(new Set(Object.values(Op)));
    for (const operation of document.operations().all()) {
      if (operation.action() === 'receive') expect(operation.reply()).toBeDefined();
    }
  });

  it('lists every error code', () => {
    const error = document.components().messages().get('error');
    const codes = error?.payload()?.properties()?.['code']?.enum();
    expect(new Set(codes)).toEqual(new Set(Object.values(ErrorCode)));
  });
});
