import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { WebSocket } from 'ws';
import { BOOK_DEPTHS, type BookEntry } from '../../src/market/book-level.js';
import { CANDLE_INTERVALS, type Candle } from '../../src/market/candle.js';
import type { Ticker } from '../../src/market/ticker.js';
import type { Trade } from '../../src/market/trade.js';
import {
  Channel,
  ErrorCode,
  Op,
  type ServerMessage,
  type ServerMessageType,
  type SnapshotMessage,
  type SubscribeRequest,
  type SubscribedMessage,
  type SubscriptionEntry,
  type UnsubscribeRequest,
  type UnsubscribedMessage,
  type WelcomeMessage,
} from '../../src/protocol/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

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

/**
 * Every field of the messages that grew with the channels, as `Record`s over the protocol
 * module's types: a field added there fails the type check until it is listed here, and
 * this test until the document describes it.
 */
const FIELDS = {
  SubscribeRequest: {
    op: true,
    id: true,
    channel: true,
    symbols: true,
    throttleMs: true,
    snapshot: true,
    interval: true,
    history: true,
    depth: true,
    since: true,
  } satisfies Record<keyof SubscribeRequest, true>,
  UnsubscribeRequest: {
    op: true,
    id: true,
    channel: true,
    symbols: true,
    interval: true,
  } satisfies Record<keyof UnsubscribeRequest, true>,
  Subscribed: {
    type: true,
    id: true,
    channel: true,
    symbols: true,
    throttleMs: true,
    interval: true,
    history: true,
    depth: true,
  } satisfies Record<keyof SubscribedMessage, true>,
  Unsubscribed: {
    type: true,
    id: true,
    channel: true,
    symbols: true,
    interval: true,
  } satisfies Record<keyof UnsubscribedMessage, true>,
  Welcome: {
    type: true,
    protocol: true,
    sessionId: true,
    serverTime: true,
    limits: true,
    heartbeatMs: true,
    channels: true,
  } satisfies Record<keyof WelcomeMessage, true>,
  Snapshot: {
    type: true,
    channel: true,
    data: true,
    truncated: true,
  } satisfies Record<keyof SnapshotMessage<'trades'>, true>,
};

/** The entries each channel's frames carry: every field is required. */
const ENTRY_FIELDS = {
  Ticker: {
    symbol: true,
    seq: true,
    ts: true,
    bid: true,
    ask: true,
    last: true,
    lastSize: true,
    open: true,
    high: true,
    low: true,
    volume: true,
    change: true,
    changePct: true,
  } satisfies Record<keyof Ticker, true>,
  Trade: {
    symbol: true,
    seq: true,
    tradeId: true,
    ts: true,
    price: true,
    size: true,
    side: true,
  } satisfies Record<keyof Trade, true>,
  Candle: {
    symbol: true,
    interval: true,
    start: true,
    open: true,
    high: true,
    low: true,
    close: true,
    volume: true,
    trades: true,
    closed: true,
  } satisfies Record<keyof Candle, true>,
  BookEntry: {
    symbol: true,
    seq: true,
    ts: true,
    bids: true,
    asks: true,
    checksum: true,
  } satisfies Record<keyof BookEntry, true>,
};

/** Which entry schema each channel's `data` holds. */
const ENTRY_SCHEMA: Record<Channel, keyof typeof ENTRY_FIELDS> = {
  ticker: 'Ticker',
  trades: 'Trade',
  candles: 'Candle',
  book: 'BookEntry',
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

  const schema = (name: string) => {
    const found = document.components().schemas().get(name);
    if (!found) throw new Error(`no schema ${name}`);
    return found;
  };
  const propertyNames = (name: string): string[] => Object.keys(schema(name).properties() ?? {});

  it('names every channel, candle interval and book depth', () => {
    expect(schema('Channel').enum()).toEqual(Object.values(Channel));
    expect(schema('CandleInterval').enum()).toEqual([...CANDLE_INTERVALS]);
    expect(schema('BookDepth').enum()).toEqual([...BOOK_DEPTHS]);
    expect(schema('Welcome').required()).toContain('channels');
  });

  it.each(Object.entries(FIELDS))('describes every field of %s', (name, fields) => {
    expect(propertyNames(name).sort()).toEqual(Object.keys(fields).sort());
  });

  it('describes the subscription list entries with their interval and depth', () => {
    const entry = schema('Subscriptions').properties()?.['subscriptions']?.items();
    const properties = Object.keys((Array.isArray(entry) ? entry[0] : entry)?.properties() ?? {});
    const fields: Record<keyof SubscriptionEntry, true> = {
      channel: true,
      symbol: true,
      throttleMs: true,
      interval: true,
      depth: true,
    };
    expect(properties.sort()).toEqual(Object.keys(fields).sort());
  });

  it.each(Object.entries(ENTRY_FIELDS))('requires every field of %s entries', (name, fields) => {
    expect(propertyNames(name).sort()).toEqual(Object.keys(fields).sort());
    expect([...(schema(name).required() ?? [])].sort()).toEqual(Object.keys(fields).sort());
  });

  it.each(['Snapshot', 'Update'])("lets %s frames carry every channel's entries", (name) => {
    const items = schema(name).properties()?.['data']?.items();
    const variants = (Array.isArray(items) ? items[0] : items)?.oneOf() ?? [];
    expect(variants.map((variant) => variant.id())).toEqual(
      Object.values(Channel).map((channel) => ENTRY_SCHEMA[channel]),
    );
  });

  describe('against the running service', () => {
    let service: TestApp;
    beforeAll(async () => {
      service = await startTestApp({ SIM_RATE: '1000', SIM_SYMBOLS: '5', SIM_SEED: '3' });
    });
    afterAll(() => service?.close());

    /** Frames the service sends for `requests`, until `done` holds or 10 s pass. */
    async function frames(
      requests: object[],
      done: (seen: ServerMessage[]) => boolean,
    ): Promise<ServerMessage[]> {
      const socket = new WebSocket(service.wsUrl);
      const seen: ServerMessage[] = [];
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('frames: timed out')), 10_000);
          socket.on('message', (data: Buffer) => {
            const message = JSON.parse(data.toString()) as ServerMessage;
            seen.push(message);
            if (message.type === 'welcome')
              for (const r of requests) socket.send(JSON.stringify(r));
            if (done(seen)) {
              clearTimeout(timer);
              resolve();
            }
          });
          socket.on('error', reject);
        });
      } finally {
        socket.close();
      }
      return seen;
    }

    /** Each of `message`'s own keys is a property of `name`, and each required one is there. */
    const conforms = (message: object, name: string): void => {
      const keys = Object.keys(message);
      expect({ name, extra: keys.filter((k) => !propertyNames(name).includes(k)) }).toEqual({
        name,
        extra: [],
      });
      const missing = (schema(name).required() ?? []).filter((k) => !keys.includes(k));
      expect({ name, missing }).toEqual({ name, missing: [] });
    };

    it('sends frames of every channel as described', async () => {
      const symbols = ['AAPL'];
      const requests = [
        { op: 'subscribe', id: 1, channel: 'ticker', symbols },
        { op: 'subscribe', id: 2, channel: 'trades', symbols },
        { op: 'subscribe', id: 3, channel: 'candles', symbols, interval: '1s', history: 2 },
        { op: 'subscribe', id: 4, channel: 'book', symbols, depth: 10 },
      ];
      const got = (seen: ServerMessage[], type: string, channel: string): boolean =>
        seen.some(
          (m) =>
            m.type === type &&
            'channel' in m &&
            m.channel === channel &&
            (!('data' in m) || m.data.length > 0),
        );
      const seen = await frames(requests, (all) =>
        Object.values(Channel).every(
          (c) => got(all, 'subscribed', c) && got(all, 'snapshot', c) && got(all, 'update', c),
        ),
      );
      const welcome = seen[0] as WelcomeMessage;
      conforms(welcome, 'Welcome');
      expect(welcome.channels).toEqual(expect.arrayContaining(Object.values(Channel)));
      for (const message of seen) {
        if (message.type === 'subscribed') conforms(message, 'Subscribed');
        if (message.type !== 'snapshot' && message.type !== 'update') continue;
        conforms(message, message.type === 'snapshot' ? 'Snapshot' : 'Update');
        for (const entry of message.data) conforms(entry, ENTRY_SCHEMA[message.channel]);
      }
    }, 20_000);
  });
});
