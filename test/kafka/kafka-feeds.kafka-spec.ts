import type { TickPublisher } from './support/tick-publisher.js';
import { bookRecord, tradeRecord } from '../../src/ingest/feed/market-records.js';
import { KafkaTickSource } from '../../src/ingest/kafka/kafka-tick.source.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { BookLevel, BookRecord } from '../../src/market/book-level.js';
import { OrderBook } from '../../src/market/order-book.js';
import type { RawTick } from '../../src/market/tick.js';
import type { Trade } from '../../src/market/trade.js';
import type { LocalBroker } from '../../tools/kafka/broker.mjs';
import { runFeeder } from './support/feeder-process.js';
import {
  BROKER_START_TIMEOUT_MS,
  KAFKA_TEST_TIMEOUT_MS,
  createTopics,
  eventually,
  kafkaEnv,
  kafkaForTests,
  publisherFor,
  uniqueTopic,
} from './support/kafka-fixture.js';

/** What a source emitted, per feed, in order. */
interface Collected {
  readonly ticks: RawTick[];
  readonly trades: Trade[];
  readonly books: BookRecord[];
}

const groupBy = <T extends { symbol: string }>(items: readonly T[]): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.symbol, [...(groups.get(item.symbol) ?? []), item]);
  return groups;
};
const trade = (symbol: string, seq: number, extra: Record<string, unknown> = {}) => ({
  symbol,
  seq,
  tradeId: `t${seq}`,
  ts: Date.now(),
  price: 100 + seq / 100,
  size: 1,
  side: seq % 2 ? 'buy' : 'sell',
  ...extra,
});
const book = (
  symbol: string,
  seq: number,
  kind: 'snapshot' | 'delta',
  bids: BookLevel[],
  asks: BookLevel[] = [],
): BookRecord => ({ symbol, seq, ts: Date.now(), kind, bids, asks });
const json = (symbol: string, value: unknown) => ({ key: symbol, value: JSON.stringify(value) });

/**
 * The trades and book topics through the Kafka source, against a real broker:
 * the feeder's records arrive in order and consistent with the ticks, bad records
 * are counted by reason, a book seq gap is passed on for the book to judge, the
 * warm start replays the re-read window of every feed, and backpressure pauses
 * every topic. (The same records through the service to WebSocket clients:
 * kafka-channels.kafka-spec.ts.)
 */
describe('Kafka trades and book feeds', () => {
  let bootstrap: string;
  let broker: LocalBroker | undefined;
  const sources: KafkaTickSource[] = [];
  const publishers: TickPublisher[] = [];

  beforeAll(async () => {
    ({ bootstrap, broker } = await kafkaForTests());
  }, BROKER_START_TIMEOUT_MS);
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
    await Promise.all(publishers.splice(0).map((p) => p.disconnect()));
  });
  afterAll(() => broker?.stop());

  /** Fresh topics of every feed (created), and a way to start sources consuming them. */
  async function setup(extraEnv: Record<string, string> = {}, partitions = 1) {
    const topics = {
      ticks: uniqueTopic('ticks'),
      trades: uniqueTopic('trades'),
      book: uniqueTopic('book'),
    };
    await createTopics(bootstrap, Object.values(topics), partitions);
    const env = kafkaEnv(bootstrap, topics.ticks, {
      KAFKA_TRADE_TOPICS: topics.trades,
      KAFKA_BOOK_TOPICS: topics.book,
      ...extraEnv,
    });
    /** A source as a (re)started service builds it: a consumer group of its own. */
    const start = async (): Promise<{ source: KafkaTickSource; seen: Collected }> => {
      const source = new KafkaTickSource(loadConfig(env).kafka!);
      sources.push(source);
      const seen: Collected = { ticks: [], trades: [], books: [] };
      source.ticks$.subscribe((t) => seen.ticks.push(t));
      source.trades$.subscribe((t) => seen.trades.push(t));
      source.bookRecords$.subscribe((r) => seen.books.push(r));
      await source.start();
      return { source, seen };
    };
    const publisher = async (topic: string): Promise<TickPublisher> => {
      const created = await publisherFor(bootstrap, topic, 1);
      publishers.push(created);
      return created;
    };
    return { topics, start, publisher };
  }

  it(
    'feeder → topics → source: every feed in order, and the book touch is the ticker quote at every step',
    async () => {
      const { topics, start } = await setup({}, 2);
      const { source, seen } = await start();
      expect(source.feeds).toEqual(['ticks', 'trades', 'book']);

      const run = await runFeeder([
        ...['--brokers', bootstrap, '--duration', '2', '--rate', '300', '--symbols', '8'],
        ...['--topic', topics.ticks, '--trade-topic', topics.trades, '--book-topic', topics.book],
        ...['--seed', '7', '--book-snapshot-every', '10', '--compression', 'zstd'],
      ]);
      expect(run.records).toBe(3 * run.steps);
      await eventually(
        () => source.stats.recordsReceived === run.records,
        30_000,
        `all ${run.records} records`,
      );
      expect(source.stats.rejected.size).toBe(0);

      const ticks = groupBy(seen.ticks);
      const trades = groupBy(seen.trades);
      const books = groupBy(seen.books);
      expect(ticks.size).toBe(8);
      for (const [symbol, symbolTicks] of ticks) {
        const symbolTrades = trades.get(symbol)!;
        const records = books.get(symbol)!;
        // Each simulator step published one record of each feed, so step i is index i of each.
        expect([symbolTrades.length, records.length]).toEqual([
          symbolTicks.length,
          symbolTicks.length,
        ]);
        const orderBook = new OrderBook(symbol);
        symbolTicks.forEach((tick, i) => {
          const t = symbolTrades[i]!;
          const record = records[i]!;
          expect([t.seq, record.seq]).toEqual([i + 1, i + 1]);
          // A snapshot opens the book and follows every 10 deltas.
          expect(record.kind).toBe(i % 11 === 0 ? 'snapshot' : 'delta');
          expect(orderBook.apply(record)).toMatchObject({ kind: 'applied' });
          const top = orderBook.top(10);
          expect([Number(top.bids[0]![0]), Number(top.asks[0]![0])]).toEqual([tick.bid, tick.ask]);
          expect(t.price).toBe(t.side === 'buy' ? tick.ask : tick.bid);
          expect([t.ts, record.ts]).toEqual([tick.ts, tick.ts]);
        });
        expect(orderBook.top(100).bids).toHaveLength(100);
      }
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'skips bad trade and book records, counts them by reason, and passes a book seq gap on',
    async () => {
      const { topics, start, publisher } = await setup();
      const [trades, books] = [await publisher(topics.trades), await publisher(topics.book)];
      const { source, seen } = await start();
      const snapshot = book('XYZ', 1, 'snapshot', [['101.40', '3.000']], [['101.50', '2.000']]);
      const sentTrades = [
        json('ABC', trade('ABC', 1)),
        { key: 'ABC', value: 'not json' },
        json('ABC', trade('ABC', 2, { side: 'up' })),
        json('ABC', trade('ABC', 2, { price: 0 })),
        json('ABC', trade('ABC', 2, { size: -1 })),
        json('ABC', trade('abc', 2)),
        json('DEF', trade('ABC', 2)),
        json('ABC', trade('ABC', 2, { ts: Math.floor(Date.now() / 1000) })),
        { key: 'ABC', value: null },
        json('ABC', trade('ABC', 2)),
      ];
      const sentBooks = [
        bookRecord(snapshot),
        bookRecord(book('XYZ', 2, 'delta', [['101.30', '1.000']])),
        bookRecord(book('XYZ', 3, 'delta', [['101.305', '1.000']])),
        bookRecord(book('XYZ', 4, 'delta', [], [['1.016e2', '1.000']])),
        { key: 'XYZ', value: '{"symbol":"XYZ"' },
        {
          key: 'XYZ',
          value: JSON.stringify({ ...JSON.parse(bookRecord(snapshot).value), type: 'update' }),
        },
        bookRecord(book('XYZ', 6, 'delta', [['101.40', '0']])),
        bookRecord(book('XYZ', 7, 'snapshot', [['101.20', '4.000']], [['101.50', '2.000']])),
      ];
      await trades.sendRaw(sentTrades);
      await books.sendRaw(sentBooks);
      await eventually(
        () => source.stats.recordsReceived === sentTrades.length + sentBooks.length,
        30_000,
        'every record',
      );

      expect(seen.trades.map((t) => [t.symbol, t.seq])).toEqual([
        ['ABC', 1],
        ['ABC', 2],
      ]);
      // Refused records leave a hole; the source passes the next records on as they are.
      expect(seen.books.map((r) => [r.seq, r.kind])).toEqual([
        [1, 'snapshot'],
        [2, 'delta'],
        [6, 'delta'],
        [7, 'snapshot'],
      ]);
      // The domain's book judges the gap: stale until the next snapshot record.
      const orderBook = new OrderBook('XYZ');
      expect(seen.books.map((r) => orderBook.apply(r).kind)).toEqual([
        'applied',
        'applied',
        'gap',
        'applied',
      ]);
      expect(orderBook.stale).toBe(false);
      expect(orderBook.top(10)).toEqual({
        bids: [['101.20', '4.000']],
        asks: [['101.50', '2.000']],
      });
      expect(Object.fromEntries(source.stats.rejected)).toEqual({
        json: 3,
        schema: 2,
        price: 1,
        size: 1,
        symbol: 1,
        key_mismatch: 1,
        ts_range: 1,
        decimals: 1,
        format: 1,
      });
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'warm start: a restarted source replays the re-read window of trades and book before it is ready',
    async () => {
      const { topics, start, publisher } = await setup({ KAFKA_WARM_START_RECORDS: '50' });
      const [trades, books] = [await publisher(topics.trades), await publisher(topics.book)];
      // 2 symbols × 60 trades; XYZ's book has a snapshot inside the last 50 records, ABC's not.
      const sentTrades = Array.from({ length: 120 }, (_, i) =>
        tradeRecord(trade(i % 2 ? 'DEF' : 'ABC', Math.floor(i / 2) + 1) as Trade),
      );
      const level = (n: number): BookLevel => [(100 + n / 100).toFixed(2), `${(n % 9) + 1}.00`];
      const sentBooks = Array.from({ length: 104 }, (_, i) => {
        const [symbol, seq] = [i % 2 ? 'ABC' : 'XYZ', Math.floor(i / 2) + 1];
        const snapshot = seq === 1 || (symbol === 'XYZ' && seq === 32);
        return bookRecord(book(symbol, seq, snapshot ? 'snapshot' : 'delta', [level(seq)]));
      });
      // The service runs while the records arrive, then restarts.
      const first = await start();
      await trades.sendRaw(sentTrades);
      await books.sendRaw(sentBooks);
      await eventually(
        () => first.seen.books.length === 104,
        30_000,
        'the first source to read all',
      );
      const expectedXyz = new OrderBook('XYZ');
      first.seen.books.filter((r) => r.symbol === 'XYZ').forEach((r) => expectedXyz.apply(r));
      await first.source.stop();

      // A restart is a new process: a new consumer group, planned from the end of each partition.
      const { source, seen } = await start();
      let ready = false;
      source.ready$.subscribe((r) => (ready = r));
      // start() resolved: warm, and everything re-read has already been emitted.
      expect(ready).toBe(true);
      expect(seen.trades.map((t) => `${t.symbol}:${t.seq}`)).toEqual(
        sentTrades.slice(-50).map((r) => {
          const t = JSON.parse(r.value) as Trade;
          return `${t.symbol}:${t.seq}`;
        }),
      );
      expect(seen.books.map((r) => r.seq)).toEqual(
        sentBooks.slice(-50).map((r) => (JSON.parse(r.value) as { seq: number }).seq),
      );
      const xyz = new OrderBook('XYZ');
      const abc = new OrderBook('ABC');
      for (const r of seen.books) (r.symbol === 'XYZ' ? xyz : abc).apply(r);
      expect(xyz.ready && !xyz.stale).toBe(true);
      expect(xyz.top(10)).toEqual(expectedXyz.top(10));
      // No snapshot of ABC within the re-read: its book waits for the producer's next one.
      expect(abc.ready).toBe(false);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'pauses every topic when the pipeline is behind and resumes when drained, losing nothing',
    async () => {
      const { topics, start, publisher } = await setup({
        KAFKA_MAX_QUEUE: '200',
        KAFKA_WARM_START_RECORDS: '100000',
      });
      const [trades, books] = [await publisher(topics.trades), await publisher(topics.book)];
      const sentTrades = Array.from({ length: 8000 }, (_, i) =>
        tradeRecord(trade(`S${i % 20}`, Math.floor(i / 20) + 1) as Trade),
      );
      const sentBooks = Array.from({ length: 4000 }, (_, i) => {
        const seq = Math.floor(i / 20) + 1;
        return bookRecord(
          book(`S${i % 20}`, seq, seq === 1 ? 'snapshot' : 'delta', [[`${seq}.00`, '1']]),
        );
      });
      for (let i = 0; i < sentTrades.length; i += 2000)
        await trades.sendRaw(sentTrades.slice(i, i + 2000));
      await books.sendRaw(sentBooks);

      const { source, seen } = await start();
      await eventually(
        () => seen.trades.length === 8000 && seen.books.length === 4000 && !source.stats.paused,
        60_000,
        'every record',
      );
      expect(source.stats.pauses).toBeGreaterThanOrEqual(1);
      expect(source.stats.resumes).toBe(source.stats.pauses);
      for (const [, symbolTrades] of groupBy(seen.trades)) {
        expect(symbolTrades.map((t) => t.seq)).toEqual(symbolTrades.map((_, i) => i + 1));
      }
      for (const [, records] of groupBy(seen.books)) {
        expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
      }
    },
    KAFKA_TEST_TIMEOUT_MS,
  );
});
