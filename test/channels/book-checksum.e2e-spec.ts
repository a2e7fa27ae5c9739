import { seededRandom } from '../../src/ingest/simulator/seeded-random.js';
import { BOOK_DEPTHS, type BookEntry } from '../../src/market/book-level.js';
import { BookRecordGenerator } from '../support/book-record-generator.js';
import { BookWatcher } from '../support/book-watcher.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Length of the run, ms (the issue asks for 30 s; `BOOK_RUN_MS` shortens it locally). */
const RUN_MS = Number(process.env.BOOK_RUN_MS ?? 30_000);
/** Book records per second, over all symbols. */
const RECORDS_PER_SECOND = 1500;
const TICK_MS = 10;
const SYMBOLS = ['XYZ', 'BTC-USD'];
const THROTTLES = [0, 100, 1000];
/** Lost records (seq gaps) per symbol during the run: each makes the book stale until a snapshot record. */
const GAPS_PER_SYMBOL = 2;

describe('book over real sockets: every depth and throttle rebuilds the book, checksum after every frame', () => {
  let service: TestApp;
  let source: ManualTickSource;

  beforeAll(async () => {
    source = new ManualTickSource(new Set(SYMBOLS));
    service = await startTestApp({ LOG_LEVEL: 'error' }, source);
  });
  afterAll(() => service.close());

  it(
    `holds for ${RUN_MS / 1000} s at ${RECORDS_PER_SECOND} book records/s with gaps, redeliveries and resyncs`,
    async () => {
      const random = seededRandom(14);
      const generators = SYMBOLS.map(
        (s) => new BookRecordGenerator(s, random, { snapshotEvery: 400 }),
      );
      for (const g of generators) source.emitBook(g.next());

      const watchers = await Promise.all(
        BOOK_DEPTHS.flatMap((depth) =>
          THROTTLES.map((throttleMs) =>
            BookWatcher.open(service.wsUrl, SYMBOLS, depth, throttleMs),
          ),
        ),
      );

      let emitted = 0;
      let redelivered = 0;
      let lost = 0;
      const perTick = (RECORDS_PER_SECOND * TICK_MS) / 1000;
      const gapEvery = Math.floor(RUN_MS / TICK_MS / (GAPS_PER_SYMBOL + 1));
      let ticks = 0;
      await new Promise<void>((resolve) => {
        const started = Date.now();
        const timer = setInterval(() => {
          ticks++;
          for (let i = 0; i < perTick; i++) {
            const generator = generators[i % generators.length]!;
            const record = generator.next();
            source.emitBook(record);
            emitted++;
            // Kafka is at-least-once: now and then a record comes twice.
            if (emitted % 97 === 0) {
              source.emitBook(record);
              redelivered++;
            }
          }
          if (ticks % gapEvery === 0 && lost < GAPS_PER_SYMBOL * generators.length) {
            for (const generator of generators) generator.skip();
            lost += generators.length;
          }
          if (Date.now() - started >= RUN_MS) {
            clearInterval(timer);
            resolve();
          }
        }, TICK_MS);
      });
      // A last snapshot record ends any stale spell, so every view settles.
      for (const g of generators) source.emitBook(g.snapshot());

      for (const watcher of watchers) {
        for (const symbol of SYMBOLS) {
          const response = await fetch(
            `${service.baseUrl}/v1/book/${encodeURIComponent(symbol)}?depth=${watcher.depth}`,
          );
          const expected = (await response.json()) as BookEntry;
          await watcher.until(
            () => {
              const replica = watcher.replicas.get(symbol);
              return replica?.seq === expected.seq && replica.checksum() === expected.checksum;
            },
            10_000,
            `${symbol} to reach seq ${expected.seq}`,
          );
          const replica = watcher.replicas.get(symbol)!;
          expect({ bids: replica.bidLevels, asks: replica.askLevels }).toEqual({
            bids: expected.bids,
            asks: expected.asks,
          });
        }
      }

      const figures = watchers.map((w) => ({
        depth: w.depth,
        throttleMs: w.throttleMs,
        frames: w.frames,
        entries: w.entries,
        snapshots: Object.fromEntries(w.snapshots),
        problems: w.problems,
      }));
      console.log(
        `book run: ${RUN_MS} ms, ${emitted} records emitted (+${redelivered} redelivered, ${lost} lost); ` +
          `frames checked ${figures.reduce((n, f) => n + f.frames, 0)}, entries checked ${figures.reduce((n, f) => n + f.entries, 0)}\n` +
          figures
            .map(
              (f) =>
                `  depth ${f.depth} throttle ${f.throttleMs}: ${f.frames} frames, ${f.entries} entries`,
            )
            .join('\n'),
      );
      for (const f of figures) {
        expect({ depth: f.depth, throttleMs: f.throttleMs, problems: f.problems }).toEqual({
          depth: f.depth,
          throttleMs: f.throttleMs,
          problems: [],
        });
        // The first snapshot, then one per recovery from a gap.
        for (const symbol of SYMBOLS)
          expect(f.snapshots[symbol]).toBeGreaterThanOrEqual(1 + GAPS_PER_SYMBOL);
        // Throttled views get about one frame per book per window, never one per record.
        if (f.throttleMs > 0)
          expect(f.frames).toBeLessThan(((RUN_MS / f.throttleMs) * 1.2 + 10) * SYMBOLS.length);
      }
      const unthrottledDeep = figures.find((f) => f.depth === 100 && f.throttleMs === 0)!;
      expect(unthrottledDeep.entries).toBeGreaterThan(emitted / 4);
      for (const w of watchers) w.close();
    },
    RUN_MS + 90_000,
  );
});
