// @ts-check
// The book scenario's feeder process: the project's simulated market with its level-2
// books (compiled dist/ingest/simulator, the code behind `npm run feed -- --channels
// book`), each step's book record published to BOOK_TOPIC with the feeder's own encoder
// (key = symbol, value `{"symbol","seq","ts","type","bids","asks"}`, docs/kafka.md), a
// snapshot record every SNAPSHOT_EVERY deltas of a book as `npm run feed` does. Ticks go
// to TICKS_TOPIC only at the opening (every symbol, so the service knows it) and then at
// TICK_RATE per second (the ticker stays alive; nobody in the scenario subscribes to it).
//
// Driven over IPC like feeder.mjs (rate in book records/s, windows, reports). For a
// window it reports, per symbol, the [seq, ts] of every book record whose `ts` lies in
// the window and that changed the best DEPTH levels of a side — the changes a `book`
// subscriber at that depth is owed (lib/book-view.mjs decides, from the records alone).
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { BookViews } from './book-view.mjs';
import { FeederControl, ensureTopics, reply } from './feeder-control.mjs';
import { bookFeedModules } from './service.mjs';

/** How often a batch is produced, in ms (as in feed.cli). */
const BATCH_MS = 10;

const {
  BROKERS = '',
  TICKS_TOPIC = '',
  BOOK_TOPIC = '',
  SYMBOLS = '500',
  SEED = '42',
  PARTITIONS = '3',
  DEPTH = '10',
  TICK_RATE = '10',
  SNAPSHOT_EVERY = '',
} = process.env;
const { SimulatedMarket, bookRecord, tickRecord, DEFAULT_BOOK_SNAPSHOT_EVERY } = await bookFeedModules();
const snapshotEvery = SNAPSHOT_EVERY ? Number(SNAPSHOT_EVERY) : DEFAULT_BOOK_SNAPSHOT_EVERY;
const market = new SimulatedMarket({
  symbols: Number(SYMBOLS),
  seed: Number(SEED),
  feeds: ['book'],
  runId: 'bench',
  bookSnapshotEvery: snapshotEvery,
});
const views = new BookViews(Number(DEPTH));
const tickRate = Number(TICK_RATE);
const kafka = new Kafka({ clientId: 'bench-book-feeder', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });

const control = new FeederControl();
/** @type {Map<string, number[]>} per symbol: seq, ts, seq, ts … of view changes in the window */
let changes = new Map();
/** Book records (snapshots included) with t0 <= ts < t1, and of those the snapshots. */
let records = 0;
let snapshots = 0;

/**
 * @param {import('./service.mjs').BookRecord[]} books
 * @param {import('./service.mjs').RawTick[]} ticks
 */
async function publish(books, ticks) {
  /** @type {import('kafkajs').TopicMessages[]} */
  const topicMessages = [];
  if (books.length > 0) topicMessages.push({ topic: BOOK_TOPIC, messages: books.map(bookRecord) });
  if (ticks.length > 0) topicMessages.push({ topic: TICKS_TOPIC, messages: ticks.map(tickRecord) });
  if (topicMessages.length === 0) return;
  await control.timedSend(books.length, () => producer.sendBatch({ topicMessages }));
}

async function loop() {
  let owed = 0;
  let ticksOwed = 0;
  let last = Date.now();
  while (!control.stopping) {
    const now = Date.now();
    owed += (control.rate * (now - last)) / 1000;
    ticksOwed += control.rate > 0 ? (tickRate * (now - last)) / 1000 : 0;
    last = now;
    const inWindow = control.inWindow(now);
    /** @type {import('./service.mjs').BookRecord[]} */
    const books = [];
    /** @type {import('./service.mjs').RawTick[]} */
    const ticks = [];
    for (; owed >= 1; owed--) {
      const step = market.next(now);
      const book = /** @type {import('./service.mjs').BookRecord} */ (step.book);
      books.push(book);
      if (ticksOwed >= 1) {
        ticks.push(step.tick);
        ticksOwed--;
      }
      const changed = views.apply(book);
      if (!inWindow) continue;
      records++;
      if (book.kind === 'snapshot') snapshots++;
      if (!changed) continue;
      let list = changes.get(book.symbol);
      if (!list) changes.set(book.symbol, (list = []));
      list.push(book.seq, book.ts);
    }
    await publish(books, ticks);
    const wait = BATCH_MS - (Date.now() - now);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

control.serve(producer, {
  onWindow: () => {
    changes = new Map();
    records = 0;
    snapshots = 0;
  },
  report: () => ({ changes: Object.fromEntries(changes), records, snapshots }),
});

await ensureTopics(kafka, [TICKS_TOPIC, BOOK_TOPIC], Number(PARTITIONS));
await producer.connect();
// The opening state: every book's snapshot record and every symbol's tick, so the
// service knows every symbol (subscriptions are checked against the tickers) and has
// every book before the clients subscribe.
const opening = market.opening(Date.now());
const openingBooks = opening.map((step) => /** @type {import('./service.mjs').BookRecord} */ (step.book));
for (const book of openingBooks) views.apply(book);
await publish(openingBooks, opening.map((step) => step.tick));
reply({ type: 'ready', symbols: market.symbols, snapshotEvery });
void loop();
