import fc from 'fast-check';
import { bookChecksum } from './book-checksum.js';
import { BOOK_DEPTHS, type BookDepth, type BookEntry, type BookLevel } from './book-level.js';
import { BookReplica } from './book-replica.js';
import { BookViewTracker } from './book-view-tracker.js';
import { OrderBook } from './order-book.js';
import { deltaRecord, snapshotRecord } from './testing/book-records.js';

/** Bid ticks 1..300 and ask ticks 301..600; a tick is 0.25, so prices span 1 to 3 integer digits. */
const price = (tick: number): string => (tick / 4).toFixed(2);
const qty = (eighths: number): string => (eighths / 8).toFixed(3);
const MAX_LEVELS = 150;
const RUNS = 300;

type Step =
  | { kind: 'snapshot'; bids: [number, number][]; asks: [number, number][] }
  | { kind: 'delta'; levels: [boolean, number, number][] }
  | { kind: 'gap' }
  | { kind: 'flush'; client: number };

const side = (min: number, max: number): fc.Arbitrary<[number, number][]> =>
  fc.uniqueArray(fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 40 })), {
    selector: ([tick]) => tick,
    maxLength: MAX_LEVELS,
    // Deep books, so that every depth's truncation is exercised (the default size stays small).
    size: 'max',
  });

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('snapshot' as const),
      bids: side(1, 300),
      asks: side(301, 600),
    }),
  },
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant('delta' as const),
      // [is bid, tick 1..300 within its side, eighths (0 removes, ~1/3 of the time)]
      levels: fc.array(
        fc.tuple(
          fc.boolean(),
          fc.integer({ min: 1, max: 300 }),
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
        ),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gap' as const) }) },
  {
    weight: 10,
    arbitrary: fc.record({ kind: fc.constant('flush' as const), client: fc.nat({ max: 2 }) }),
  },
);

/** The contract's client, written independently of the server's code: maps, numbers, sort. */
class NaiveClient {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();

  constructor(readonly depth: BookDepth) {}

  snapshot(entry: BookEntry): void {
    this.bids.clear();
    this.asks.clear();
    this.update(entry);
  }

  update(entry: BookEntry): void {
    for (const [levels, map] of [
      [entry.bids, this.bids],
      [entry.asks, this.asks],
    ] as const) {
      for (const [p, q] of levels) {
        if (Number(q) === 0) map.delete(p);
        else map.set(p, q);
      }
    }
    this.truncate();
  }

  view(): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: this.sorted(this.bids, -1), asks: this.sorted(this.asks, 1) };
  }

  /** True when `level` would change this client's book (used before applying it). */
  wouldChange([p, q]: BookLevel, isBid: boolean): boolean {
    const held = (isBid ? this.bids : this.asks).get(p);
    return Number(q) === 0 ? held !== undefined : held !== q;
  }

  private truncate(): void {
    const { bids, asks } = this.view();
    for (const [levels, map] of [
      [bids, this.bids],
      [asks, this.asks],
    ] as const) {
      for (const [p] of levels.slice(this.depth)) map.delete(p);
    }
  }

  private sorted(map: Map<string, string>, direction: number): BookLevel[] {
    return [...map]
      .map(([p, q]) => ({ level: [p, q] as BookLevel, value: Number(p) }))
      .sort((a, b) => direction * (a.value - b.value))
      .map(({ level }) => level);
  }
}

interface Client {
  readonly tracker: BookViewTracker;
  readonly naive: NaiveClient;
  readonly replica: BookReplica;
  lastSeq: number;
}

let runs = 0;
let frames = 0;
let updates = 0;

/**
 * For any source history (snapshots, deltas, seq gaps), any depths and any flush
 * points (throttles): after every frame, a client that applies the entry and keeps
 * its best `depth` levels holds exactly the server's view, and the checksum matches.
 */
describe('BookViewTracker against a reference client (property)', () => {
  it('every client rebuilds the server view and checksum after every frame', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...BOOK_DEPTHS), { minLength: 1, maxLength: 3 }),
        fc.record({ bids: side(1, 300), asks: side(301, 600) }),
        fc.array(step, { minLength: 1, maxLength: 300, size: 'large' }),
        (depths, initial, steps) => {
          runs++;
          const book = new OrderBook('XYZ');
          let seq = 0;
          const clients: Client[] = depths.map((depth) => ({
            tracker: new BookViewTracker(book, depth),
            naive: new NaiveClient(depth),
            replica: new BookReplica(depth),
            lastSeq: 0,
          }));

          // Jest's expect costs tens of µs per call (it builds an error for its stack);
          // on this many frames it would dominate, so it only runs to report a failure.
          const same = (actual: unknown, expected: unknown): void => {
            const a = JSON.stringify(actual);
            const e = JSON.stringify(expected);
            if (a !== e) expect(a).toBe(e);
          };
          const holds = (condition: boolean, what: string): void => {
            if (!condition) expect(what).toBe('to hold');
          };
          const check = (c: Client, view: { bids: BookLevel[]; asks: BookLevel[] }): void => {
            const server = book.top(c.tracker.depth);
            same(view, server);
            same({ bids: c.replica.bidLevels, asks: c.replica.askLevels }, server);
            frames++;
          };
          const sendSnapshot = (c: Client): void => {
            const entry = c.tracker.snapshot();
            if (!entry) return;
            c.naive.snapshot(entry);
            holds(c.replica.applySnapshot(entry), 'replica checksum after snapshot');
            const view = c.naive.view();
            same(bookChecksum(view.asks, view.bids), entry.checksum);
            c.lastSeq = entry.seq;
            check(c, view);
          };
          const flush = (c: Client): void => {
            const server = book.top(c.tracker.depth);
            const unchanged = JSON.stringify(c.naive.view()) === JSON.stringify(server);
            const entry = c.tracker.update();
            same(entry === undefined, !book.ready || unchanged);
            if (!entry) return;
            // Only levels that change the client's book are sent.
            for (const l of entry.bids) holds(c.naive.wouldChange(l, true), `bid ${l} changes`);
            for (const l of entry.asks) holds(c.naive.wouldChange(l, false), `ask ${l} changes`);
            holds(entry.seq >= c.lastSeq, `seq ${entry.seq} >= ${c.lastSeq}`);
            same(entry.seq, book.viewChange(c.tracker.depth).seq);
            c.naive.update(entry);
            holds(c.replica.applyUpdate(entry), 'replica checksum after update');
            const view = c.naive.view();
            same(bookChecksum(view.asks, view.bids), entry.checksum);
            c.lastSeq = entry.seq;
            updates++;
            check(c, view);
          };

          clients.forEach(sendSnapshot);
          for (const s of [{ kind: 'snapshot' as const, ...initial }, ...steps]) {
            if (s.kind === 'flush') {
              const c = clients[s.client % clients.length] as Client;
              flush(c);
              continue;
            }
            let result;
            if (s.kind === 'snapshot') {
              seq++;
              const level = ([tick, q]: [number, number]): BookLevel => [price(tick), qty(q)];
              result = book.apply(snapshotRecord(seq, s.bids.map(level), s.asks.map(level)));
            } else if (s.kind === 'gap') {
              seq += 2;
              result = book.apply(deltaRecord(seq, [], []));
            } else {
              seq++;
              const bids: BookLevel[] = [];
              const asks: BookLevel[] = [];
              for (const [isBid, tick, q] of s.levels) {
                (isBid ? bids : asks).push([price(isBid ? tick : tick + 300), qty(q)]);
              }
              result = book.apply(deltaRecord(seq, bids, asks));
            }
            // The wiring's duty on a resync: a fresh snapshot to every subscriber.
            if (result.kind === 'applied' && result.resync) clients.forEach(sendSnapshot);
          }
          // A final flush leaves every client on the server's view.
          for (const c of clients) {
            flush(c);
            if (book.ready) check(c, c.naive.view());
          }
        },
      ),
      { numRuns: RUNS },
    );
    // Guards against arbitraries that drift into trivia (short runs, empty books).
    expect(runs).toBeGreaterThanOrEqual(RUNS);
    expect(updates).toBeGreaterThan(RUNS * 10);
    expect(frames).toBeGreaterThan(updates);
  });
});
