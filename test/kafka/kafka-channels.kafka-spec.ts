import type { TickPublisher } from './support/tick-publisher.js';
import { TICK_SOURCE, type TickSource } from '../../src/ingest/tick-source.js';
import type { BookEntry, BookRecord } from '../../src/market/book-level.js';
import type { Candle } from '../../src/market/candle.js';
import type { RawTick } from '../../src/market/tick.js';
import type { Trade } from '../../src/market/trade.js';
import type { ServerMessage } from '../../src/protocol/messages.js';
import type { LocalBroker } from '../../tools/kafka/broker.mjs';
import { BookWatcher } from '../support/book-watcher.js';
import { metricValue } from '../support/metrics.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClient } from '../support/test-client.js';
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

/** How long records may take from the broker through the service to a client. */
const DELIVERY_TIMEOUT_MS = 30_000;

const last = <T extends { symbol: string }>(items: readonly T[], symbol: string): T =>
  items.filter((i) => i.symbol === symbol).at(-1)!;

/** `price` with one more decimal: `"189.12"` → `"189.121"`, `"39500"` → `"39500.1"`. */
const moreDecimals = (price: string): string => (price.includes('.') ? `${price}1` : `${price}.1`);

function channelData<T>(received: readonly ServerMessage[], channel: string): T[] {
  return received.flatMap((m) =>
    (m.type === 'snapshot' || m.type === 'update') && m.channel === channel
      ? (m.data as unknown as T[])
      : [],
  );
}

/**
 * All three new channels end to end through real Kafka: the feeder publishes
 * ticks, trades and book records to their topics, the service consumes them, and
 * WebSocket clients get every trade once (resuming from seq 0), candles that add up
 * to the trades, and books that pass the checksum after every frame and have the
 * ticker's bid and ask at their touch. Then bad records are skipped and counted,
 * and a book seq gap makes the book stale until the next snapshot record, which
 * its subscribers get as a fresh snapshot.
 */
describe('Kafka → service → clients: trades, candles and book', () => {
  let bootstrap: string;
  let broker: LocalBroker | undefined;
  let app: TestApp | undefined;
  const clients: TestClient[] = [];
  const watchers: BookWatcher[] = [];
  const publishers: TickPublisher[] = [];

  beforeAll(async () => {
    ({ bootstrap, broker } = await kafkaForTests());
  }, BROKER_START_TIMEOUT_MS);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    watchers.forEach((w) => w.close());
    await app?.close();
    await Promise.all(publishers.map((p) => p.disconnect()));
    await broker?.stop();
  }, KAFKA_TEST_TIMEOUT_MS);

  it(
    'feeder → topics → service → clients on every channel, then bad records and a book seq gap',
    async () => {
      const topics = {
        ticks: uniqueTopic('ticks'),
        trades: uniqueTopic('trades'),
        book: uniqueTopic('book'),
      };
      await createTopics(bootstrap, Object.values(topics), 2);
      app = await startTestApp(
        kafkaEnv(bootstrap, topics.ticks, {
          KAFKA_TRADE_TOPICS: topics.trades,
          KAFKA_BOOK_TOPICS: topics.book,
        }),
      );
      const service = app;
      const source = service.app.get<TickSource>(TICK_SOURCE);
      const truth = { ticks: [] as RawTick[], trades: [] as Trade[], books: [] as BookRecord[] };
      source.ticks$.subscribe((t) => truth.ticks.push(t));
      source.trades$.subscribe((t) => truth.trades.push(t));
      source.bookRecords$.subscribe((r) => truth.books.push(r));

      const client = await TestClient.connect(service.wsUrl);
      clients.push(client);
      const welcome = client.received.find((m) => m.type === 'welcome');
      expect(welcome).toMatchObject({ channels: ['ticker', 'trades', 'candles', 'book'] });

      const feeding = runFeeder([
        ...['--brokers', bootstrap, '--duration', '4', '--rate', '200', '--symbols', '4'],
        ...['--topic', topics.ticks, '--trade-topic', topics.trades, '--book-topic', topics.book],
        ...['--seed', '3', '--book-snapshot-every', '50'],
      ]);
      // Kafka has no reference data: a symbol exists for clients once it has ticked.
      await eventually(() => new Set(truth.ticks.map((t) => t.symbol)).size === 4, 30_000, 'ticks');
      const symbols = [...new Set(truth.ticks.map((t) => t.symbol))];

      const since = Object.fromEntries(symbols.map((s) => [s, 0]));
      const subscribe = (request: Record<string, unknown>) =>
        client.request({ op: 'subscribe', id: String(request.channel), symbols, ...request });
      expect(await subscribe({ channel: 'ticker', throttleMs: 0 })).toMatchObject({
        type: 'subscribed',
      });
      expect(await subscribe({ channel: 'trades', since })).toMatchObject({ type: 'subscribed' });
      expect(await subscribe({ channel: 'candles', interval: '1s' })).toMatchObject({
        type: 'subscribed',
      });
      watchers.push(
        await BookWatcher.open(service.wsUrl, symbols, 10, 0),
        await BookWatcher.open(service.wsUrl, symbols, 100, 100),
      );

      const run = await feeding;
      await eventually(
        () => source.stats.recordsReceived === run.records,
        DELIVERY_TIMEOUT_MS,
        `all ${run.records} records in the service`,
      );
      expect(source.stats.rejected.size).toBe(0);

      for (const symbol of symbols) {
        // trades: every one, in seq order, once (the snapshot from since 0, then live).
        const lastSeq = last(truth.trades, symbol).seq;
        expect(lastSeq).toBeGreaterThan(50);
        const seqs = (): number[] =>
          channelData<Trade>(client.received, 'trades')
            .filter((t) => t.symbol === symbol)
            .map((t) => t.seq);
        await client.until(() => seqs().includes(lastSeq), DELIVERY_TIMEOUT_MS);
        expect(seqs()).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));

        // candles: the bars' latest states add up to the trades.
        const trades = truth.trades.filter((t) => t.symbol === symbol);
        const bars = (): Candle[] => {
          const byStart = new Map<number, Candle>();
          for (const c of channelData<Candle>(client.received, 'candles')) {
            if (c.symbol === symbol) byStart.set(c.start, c);
          }
          return [...byStart.values()];
        };
        const counted = (): number => bars().reduce((n, c) => n + c.trades, 0);
        await client.until(() => counted() === trades.length, DELIVERY_TIMEOUT_MS);
        const volume = bars().reduce((v, c) => v + c.volume, 0);
        expect(volume).toBeCloseTo(
          trades.reduce((v, t) => v + t.size, 0),
          6,
        );
        expect(bars().every((c) => c.start % 1000 === 0)).toBe(true);

        // book: every view reaches the source's last seq, its touch the ticker's quote.
        const lastBook = last(truth.books, symbol).seq;
        const lastTick = last(truth.ticks, symbol);
        const ticker = (): { ts: number; bid: number; ask: number } | undefined =>
          channelData<{ symbol: string; ts: number; bid: number; ask: number }>(
            client.received,
            'ticker',
          )
            .filter((t) => t.symbol === symbol)
            .at(-1);
        await client.until(() => ticker()?.ts === lastTick.ts, DELIVERY_TIMEOUT_MS);
        for (const watcher of watchers) {
          await watcher.until(
            () => watcher.replicas.get(symbol)?.seq === lastBook,
            DELIVERY_TIMEOUT_MS,
            `${symbol} at book seq ${lastBook}`,
          );
          const replica = watcher.replicas.get(symbol)!;
          expect([Number(replica.bidLevels[0]![0]), Number(replica.askLevels[0]![0])]).toEqual([
            ticker()!.bid,
            ticker()!.ask,
          ]);
          expect(replica.bidLevels).toHaveLength(watcher.depth);
        }
      }
      for (const watcher of watchers) expect(watcher.problems).toEqual([]);

      // Bad records are skipped and counted; a book seq gap stalls that book until a snapshot.
      const [symbol] = symbols as [string];
      const rest = (await (
        await fetch(`${service.baseUrl}/v1/book/${encodeURIComponent(symbol)}?depth=100`)
      ).json()) as BookEntry;
      const seq = last(truth.books, symbol).seq;
      const [price, qty] = rest.bids[1]!;
      const record = (value: Record<string, unknown>) => ({
        key: symbol,
        value: JSON.stringify({ symbol, ts: Date.now(), ...value }),
      });
      const tradePublisher = await publisherFor(bootstrap, topics.trades, 2);
      const bookPublisher = await publisherFor(bootstrap, topics.book, 2);
      publishers.push(tradePublisher, bookPublisher);
      const snapshotsBefore = watchers.map((w) => w.snapshots.get(symbol) ?? 0);
      await tradePublisher.sendRaw([
        { key: symbol, value: 'not json' },
        record({
          seq: last(truth.trades, symbol).seq + 1,
          tradeId: 'x',
          price: 1,
          size: 1,
          side: 'up',
        }),
      ]);
      await bookPublisher.sendRaw([
        { key: symbol, value: '{' },
        // Another number of decimals: refused whole.
        record({ seq: seq + 1, type: 'delta', bids: [[moreDecimals(price), qty]], asks: [] }),
        // seq jumps (seq + 1 never arrived as such): the book is stale, this delta dropped.
        record({ seq: seq + 2, type: 'delta', bids: [[price, '0']], asks: [] }),
        record({
          seq: seq + 3,
          type: 'snapshot',
          bids: rest.bids.slice(0, 5),
          asks: rest.asks.slice(0, 5),
        }),
      ]);
      for (const [i, watcher] of watchers.entries()) {
        await watcher.until(
          () => (watcher.snapshots.get(symbol) ?? 0) === snapshotsBefore[i]! + 1,
          DELIVERY_TIMEOUT_MS,
          `a fresh ${symbol} snapshot after the gap`,
        );
        const replica = watcher.replicas.get(symbol)!;
        expect(replica.seq).toBe(seq + 3);
        // The dropped delta's removal never happened: the snapshot's levels hold.
        expect(replica.bidLevels).toEqual(rest.bids.slice(0, 5));
        expect(replica.askLevels).toEqual(rest.asks.slice(0, 5));
        expect(watcher.problems).toEqual([]);
      }
      const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
      const rejected = (reason: string): number =>
        metricValue(metrics, 'tickstream_ingest_rejected_total', { reason });
      expect([rejected('json'), rejected('schema'), rejected('decimals')]).toEqual([2, 1, 1]);

      // A symbol quoted only on the book topic has never ticked, yet it exists for the book.
      const bookOnly = 'BOOKONLY';
      await bookPublisher.sendRaw([
        {
          key: bookOnly,
          value: JSON.stringify({
            symbol: bookOnly,
            seq: 1,
            ts: Date.now(),
            type: 'snapshot',
            bids: [['9.50', '3']],
            asks: [['9.60', '2']],
          }),
        },
      ]);
      await eventually(
        () => last(truth.books, bookOnly) !== undefined,
        DELIVERY_TIMEOUT_MS,
        bookOnly,
      );
      expect(
        await client.request({
          op: 'subscribe',
          id: 'book-only',
          channel: 'book',
          symbols: [bookOnly],
        }),
      ).toMatchObject({ type: 'subscribed', symbols: [bookOnly] });
      await client.until(
        () => channelData<BookEntry>(client.received, 'book').some((b) => b.symbol === bookOnly),
        DELIVERY_TIMEOUT_MS,
      );
    },
    KAFKA_TEST_TIMEOUT_MS * 2,
  );
});
