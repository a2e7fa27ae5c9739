// @ts-check
// The compiled service modules the bench uses directly (the feeder's simulator, the
// ingest path). Imported from dist/ at run time; typed from their sources in src/.
const DIST = new URL('../../dist/', import.meta.url).href;

/**
 * @returns {Promise<{
 *   buildInstrumentUniverse: typeof import('../../src/ingest/simulator/instrument-universe.js').buildInstrumentUniverse,
 *   MarketSimulator: typeof import('../../src/ingest/simulator/market-simulator.js').MarketSimulator,
 *   seededRandom: typeof import('../../src/ingest/simulator/seeded-random.js').seededRandom,
 * }>}
 */
export async function simulatorModules() {
  const [universe, simulator, random] = await Promise.all([
    import(`${DIST}ingest/simulator/instrument-universe.js`),
    import(`${DIST}ingest/simulator/market-simulator.js`),
    import(`${DIST}ingest/simulator/seeded-random.js`),
  ]);
  return {
    buildInstrumentUniverse: universe.buildInstrumentUniverse,
    MarketSimulator: simulator.MarketSimulator,
    seededRandom: random.seededRandom,
  };
}

/**
 * @returns {Promise<{
 *   KafkaTickSource: typeof import('../../src/ingest/kafka/kafka-tick.source.js').KafkaTickSource,
 *   TickerBook: typeof import('../../src/market/ticker-book.js').TickerBook,
 *   loadConfig: typeof import('../../src/config/load-config.js').loadConfig,
 * }>}
 */
export async function ingestModules() {
  const [source, book, config] = await Promise.all([
    import(`${DIST}ingest/kafka/kafka-tick.source.js`),
    import(`${DIST}market/ticker-book.js`),
    import(`${DIST}config/load-config.js`),
  ]);
  return { KafkaTickSource: source.KafkaTickSource, TickerBook: book.TickerBook, loadConfig: config.loadConfig };
}

/** @typedef {import('../../src/market/tick.js').RawTick} RawTick */

/**
 * The simulated market with its books and the feeder's record encoders (the code behind
 * `npm run feed -- --channels book`), for the book feeder.
 * @returns {Promise<{
 *   SimulatedMarket: typeof import('../../src/ingest/simulator/simulated-market.js').SimulatedMarket,
 *   bookRecord: typeof import('../../src/ingest/feed/market-records.js').bookRecord,
 *   tickRecord: typeof import('../../src/ingest/feed/market-records.js').tickRecord,
 *   DEFAULT_BOOK_SNAPSHOT_EVERY: number,
 * }>}
 */
export async function bookFeedModules() {
  const [market, records, options] = await Promise.all([
    import(`${DIST}ingest/simulator/simulated-market.js`),
    import(`${DIST}ingest/feed/market-records.js`),
    import(`${DIST}ingest/feed/feed-options.js`),
  ]);
  return {
    SimulatedMarket: market.SimulatedMarket,
    bookRecord: records.bookRecord,
    tickRecord: records.tickRecord,
    DEFAULT_BOOK_SNAPSHOT_EVERY: options.DEFAULT_BOOK_SNAPSHOT_EVERY,
  };
}

/** @typedef {import('../../src/market/book-level.js').BookRecord} BookRecord */
