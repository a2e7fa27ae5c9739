// @ts-check
// Kafka → full ticker, for the Node baselines: the same topic and records as the
// service (key = symbol, value = JSON tick), the same derived fields (seq, session
// open/high/low/volume, change, changePct) from the service's own TickerBook, so the
// baselines differ from tickstream in what they do around it, not in the arithmetic.
// No validation beyond JSON.parse — the baselines are the floor, not the product.
import { Kafka, logLevel } from 'kafkajs';
import { ingestModules } from '../../lib/service.mjs';

/** @typedef {import('../../../src/market/ticker.js').Ticker} Ticker */

const { TickerBook } = await ingestModules();
const book = new TickerBook();

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
        const ticker = book.apply(JSON.parse(message.value.toString()));
        if (ticker) onTicker(ticker, JSON.stringify(ticker));
      }
    },
  });
  return consumer;
}
