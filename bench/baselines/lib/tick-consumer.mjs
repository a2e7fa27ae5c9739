// @ts-check
// Kafka → full ticker, for the Node baselines: the same topic and records as the
// service (key = symbol, value = JSON tick), the same derived fields (seq, session
// open/high/low/volume, change, changePct), serialised once. Written for the bench;
// no validation beyond JSON.parse — the baselines are the floor, not the product.
import { Kafka, logLevel } from 'kafkajs';

/**
 * @typedef {{ symbol: string, seq: number, ts: number, bid: number, ask: number, last: number,
 *   lastSize: number, open: number, high: number, low: number, volume: number, change: number,
 *   changePct: number }} Ticker
 */

/** @type {Map<string, Ticker>} */
const book = new Map();

/**
 * Applies one decoded tick; returns the new ticker.
 * @param {any} tick
 * @returns {Ticker}
 */
function apply(tick) {
  const prev = book.get(tick.symbol);
  const open = tick.open ?? prev?.open ?? tick.last;
  const high = Math.max(prev?.high ?? tick.last, tick.last);
  const low = Math.min(prev?.low ?? tick.last, tick.last);
  const change = Math.round((tick.last - open) * 1e10) / 1e10;
  /** @type {Ticker} */
  const ticker = {
    symbol: tick.symbol,
    seq: (prev?.seq ?? 0) + 1,
    ts: tick.ts,
    bid: tick.bid,
    ask: tick.ask,
    last: tick.last,
    lastSize: tick.lastSize,
    open,
    high,
    low,
    volume: tick.volume ?? (prev?.volume ?? 0) + tick.lastSize,
    change,
    changePct: open === 0 ? 0 : Math.round((change / open) * 10000) / 100,
  };
  book.set(tick.symbol, ticker);
  return ticker;
}

/**
 * Consumes the topic from its beginning with a group of its own and calls `onTicker`
 * for every record, in partition order.
 * @param {{ brokers: string[], topic: string, onTicker: (ticker: Ticker, json: string) => void }} options
 */
export async function consumeTickers({ brokers, topic, onTicker }) {
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-baseline-${process.pid}-${Date.now()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        if (!message.value) continue;
        const ticker = apply(JSON.parse(message.value.toString()));
        onTicker(ticker, JSON.stringify(ticker));
      }
    },
  });
  return consumer;
}
