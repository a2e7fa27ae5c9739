import { jest } from '@jest/globals';
import fc from 'fast-check';
import {
  BOOK_DEPTHS,
  type BookDepth,
  type BookEntry,
  type BookRecord,
} from '../../market/book-level.js';
import { BookReplica } from '../../market/book-replica.js';
import { deltaRecord, ladder, snapshotRecord } from '../../market/testing/book-records.js';
import {
  ChannelHarness,
  HARNESS_BATCH_MS,
  HARNESS_OPTIONS,
  type HarnessSession,
} from '../testing/channel-harness.js';

/** Book entries of the frames a session got, each with whether it came in a snapshot. */
function bookEntries(
  session: HarnessSession,
  from = 0,
): Array<{ snapshot: boolean; entry: BookEntry }> {
  return session
    .messages()
    .slice(from)
    .flatMap((m) =>
      (m.type === 'snapshot' || m.type === 'update') && m.channel === 'book'
        ? m.data.map((entry) => ({ snapshot: m.type === 'snapshot', entry }))
        : [],
    );
}

/** Applies every entry to a replica as a client would; returns the entries whose checksum failed. */
function rebuild(
  session: HarnessSession,
  depth: BookDepth,
): { replica: BookReplica; failed: number[] } {
  const replica = new BookReplica(depth);
  const failed: number[] = [];
  for (const { snapshot, entry } of bookEntries(session)) {
    const ok = snapshot ? replica.applySnapshot(entry) : replica.applyUpdate(entry);
    if (!ok) failed.push(entry.seq);
  }
  return { replica, failed };
}

const stringifiedEntries = (spy: jest.SpiedFunction<typeof JSON.stringify>): number =>
  spy.mock.calls.filter(
    ([value]) => typeof value === 'object' && value !== null && 'checksum' in value,
  ).length;

describe('BookFeed (virtual time)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('serialises each change once for all unthrottled subscribers of a (book, depth)', () => {
    const h = new ChannelHarness();
    h.book.onRecord(snapshotRecord(1, ladder(30, 100, -0.01), ladder(30, 100.01, 0.01)));
    const tens = [h.connect(), h.connect(), h.connect()];
    const deep = h.connect();
    for (const s of tens) h.subscribeBook(s.session, 'XYZ', 10, 0);
    h.subscribeBook(deep.session, 'XYZ', 100, 0);
    const spy = jest.spyOn(JSON, 'stringify');
    h.book.onRecord(deltaRecord(2, [['100.00', '5.000']]));
    h.book.onRecord(deltaRecord(3, [['99.99', '0']]));
    // One entry per change per depth: 2 changes × 2 depths, whatever the number of subscribers.
    expect(stringifiedEntries(spy)).toBe(4);
    h.clock.advance(HARNESS_BATCH_MS);
    const frames = tens.map((s) => s.socket.frames.at(-1));
    expect(new Set(frames).size).toBe(1);
    expect(bookEntries(tens[0]!).map((e) => e.entry.seq)).toEqual([1, 2, 3]);
    for (const s of [...tens, deep]) expect(rebuild(s, s === deep ? 100 : 10).failed).toEqual([]);
  });

  it('throttled subscribers get changes merged per level, serialised once per version pair', () => {
    const h = new ChannelHarness();
    h.book.onRecord(snapshotRecord(1, ladder(30, 100, -0.01), ladder(30, 100.01, 0.01)));
    const a = h.connect();
    const b = h.connect();
    h.subscribeBook(a.session, 'XYZ', 25, 500);
    h.subscribeBook(b.session, 'XYZ', 25, 500);
    h.clock.advance(1);
    for (let seq = 2; seq <= 50; seq++) {
      h.book.onRecord(
        deltaRecord(
          seq,
          [['100.00', `${seq}.000`]],
          [['100.01', '0']].slice(0, seq === 2 ? 1 : 0) as never,
        ),
      );
      h.clock.advance(10);
    }
    const spy = jest.spyOn(JSON, 'stringify');
    h.clock.advance(500);
    expect(stringifiedEntries(spy)).toBe(1);
    for (const s of [a, b]) {
      const entries = bookEntries(s);
      expect(entries.length).toBeLessThanOrEqual(3);
      expect(entries.at(-1)!.entry).toMatchObject({ seq: 50, bids: [['100.00', '50.000']] });
      expect(rebuild(s, 25).failed).toEqual([]);
    }
    expect(h.stats.channels.book.conflated).toBeGreaterThan(40);
  });

  it('a stalled unthrottled subscriber merges its changes instead of queueing each, and still matches', () => {
    const h = new ChannelHarness({}, { ...HARNESS_OPTIONS, graceMs: 60_000 });
    h.book.onRecord(snapshotRecord(1, ladder(120, 100, -0.01), ladder(120, 100.01, 0.01)));
    const stalled = h.connect();
    const reading = h.connect();
    h.subscribeBook(stalled.session, 'XYZ', 100, 0);
    h.subscribeBook(reading.session, 'XYZ', 100, 0);
    stalled.socket.stall();
    let seq = 1;
    for (let i = 0; i < 2000; i++) {
      const level = (100 - (i % 50) / 100).toFixed(2);
      h.book.onRecord(deltaRecord(++seq, [[level, `${1 + (i % 9)}.000`]]));
      h.clock.advance(2);
    }
    expect(stalled.session.isLagging).toBe(true);
    stalled.socket.read();
    h.clock.advance(200);
    const sentToStalled = bookEntries(stalled).length;
    expect(sentToStalled).toBeLessThan(bookEntries(reading).length / 2);
    for (const s of [stalled, reading]) {
      const { replica, failed } = rebuild(s, 100);
      expect(failed).toEqual([]);
      expect(replica.bidLevels).toEqual(h.book.books.get('XYZ')!.top(100).bids);
    }
    // Caught up, it shares entries again: a new change costs no extra serialisation.
    const spy = jest.spyOn(JSON, 'stringify');
    h.book.onRecord(deltaRecord(++seq, [['100.00', '77.000']]));
    expect(stringifiedEntries(spy)).toBe(1);
  });

  it('a stale book recovering sends every subscriber a fresh snapshot, replacing what waited', () => {
    const h = new ChannelHarness();
    h.book.onRecord(snapshotRecord(1, ladder(5, 100, -0.01), ladder(5, 100.01, 0.01)));
    const a = h.connect();
    const b = h.connect();
    h.subscribeBook(a.session, 'XYZ', 10, 0);
    h.subscribeBook(b.session, 'XYZ', 10, 1000);
    h.book.onRecord(deltaRecord(3, [['100.00', '9.000']]));
    h.book.onRecord(deltaRecord(4, [['100.00', '8.000']]));
    h.book.onRecord(snapshotRecord(5, [['90.00', '1.000']], [['110.00', '1.000']]));
    h.clock.advance(HARNESS_BATCH_MS);
    for (const s of [a, b]) {
      const snapshots = bookEntries(s).filter((e) => e.snapshot);
      expect(snapshots.map((e) => e.entry.seq)).toEqual([1, 5]);
      expect(rebuild(s, 10).replica.bidLevels).toEqual([['90.00', '1.000']]);
    }
  });
});

type Step =
  | { kind: 'delta'; levels: Array<[boolean, number, number]> }
  | { kind: 'snapshot'; bids: number; asks: number }
  | { kind: 'gap' }
  | { kind: 'redeliver' }
  | { kind: 'advance'; ms: number }
  | { kind: 'stall' | 'read'; session: number }
  | { kind: 'throttle'; session: number; throttleMs: number };

const SESSIONS = BOOK_DEPTHS.flatMap((depth) =>
  [0, 300].map((throttleMs) => ({ depth, throttleMs })),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({
      kind: fc.constant('delta' as const),
      levels: fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 150 }), fc.nat({ max: 6 })), {
        minLength: 1,
        maxLength: 5,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('snapshot' as const),
      bids: fc.integer({ min: 0, max: 150 }),
      asks: fc.integer({ min: 0, max: 150 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gap' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliver' as const) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 1, max: 700 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('stall' as const, 'read' as const),
      session: fc.nat({ max: SESSIONS.length - 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('throttle' as const),
      session: fc.nat({ max: SESSIONS.length - 1 }),
      throttleMs: fc.constantFrom(0, 100, 300),
    }),
  },
);

describe('BookFeed property: random books, throttles, stalls and resyncs', () => {
  it('every subscriber’s replica matches the checksum after every frame and the book at the end', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 150 }), (steps) => {
        const h = new ChannelHarness(
          {},
          { ...HARNESS_OPTIONS, highWaterBytes: 4000, graceMs: 600_000, maxBytes: 50_000_000 },
        );
        let seq = 0;
        let last: BookRecord | undefined;
        const bid = (i: number): string => (100 - i / 10).toFixed(2);
        const ask = (i: number): string => (100.1 + i / 10).toFixed(2);
        const qty = (q: number): string => (q === 0 ? '0.000' : `${q}.250`);
        const full = (bids: number, asks: number): BookRecord =>
          snapshotRecord(
            ++seq,
            Array.from({ length: bids }, (_, i) => [bid(i), qty(1 + (i % 5))]),
            Array.from({ length: asks }, (_, i) => [ask(i), qty(1 + (i % 4))]),
          );
        h.book.onRecord((last = full(120, 120)));
        const sessions = SESSIONS.map(({ depth, throttleMs }) => {
          const s = h.connect();
          h.subscribeBook(s.session, 'XYZ', depth, throttleMs);
          return { ...s, depth };
        });
        for (const s of steps) {
          switch (s.kind) {
            case 'delta': {
              const bids = s.levels
                .filter(([isBid]) => isBid)
                .map(([, i, q]): [string, string] => [bid(i), qty(q)]);
              const asks = s.levels
                .filter(([isBid]) => !isBid)
                .map(([, i, q]): [string, string] => [ask(i), qty(q)]);
              h.book.onRecord((last = deltaRecord(++seq, bids, asks)));
              break;
            }
            case 'snapshot':
              h.book.onRecord((last = full(s.bids, s.asks)));
              break;
            case 'gap':
              seq++;
              break;
            case 'redeliver':
              if (last) h.book.onRecord(last);
              break;
            case 'advance':
              h.clock.advance(s.ms);
              break;
            case 'stall':
              sessions[s.session]!.socket.stall();
              break;
            case 'read':
              sessions[s.session]!.socket.read();
              break;
            case 'throttle': {
              const route = sessions[s.session]!.session.channels.book.routes.get('XYZ')!;
              h.book.setThrottle(route, s.throttleMs);
              break;
            }
          }
        }
        h.book.onRecord(full(60, 60));
        for (const s of sessions) s.socket.read();
        h.clock.advance(2000);
        const book = h.book.books.get('XYZ')!;
        for (const s of sessions) {
          const { replica, failed } = rebuild(s, s.depth);
          expect(failed).toEqual([]);
          expect({ bids: replica.bidLevels, asks: replica.askLevels }).toEqual(book.top(s.depth));
        }
      }),
      { numRuns: 60 },
    );
  });
});
