import type { RawTick } from '../../../src/market/tick.js';
import {
  MarketPublisher,
  type MarketPublisherOptions,
} from '../../../src/ingest/feed/market-publisher.js';
import { tickRecord } from '../../../src/ingest/feed/market-records.js';

/** Options of a {@link TickPublisher}: those of the feeder's `MarketPublisher`. */
export type TickPublisherOptions = MarketPublisherOptions;

/**
 * Publishes ticks in the service's Kafka schema: key = symbol, value = JSON
 * tick (docs/kafka.md), so one symbol always lands on one partition, in order.
 * Its `sendRaw` writes any record to its topic (the trade and book topics too, and
 * records the service must refuse). The producing is the feeder's `MarketPublisher`.
 */
export class TickPublisher {
  private readonly publisher: MarketPublisher;

  constructor(
    brokers: readonly string[],
    private readonly topic: string,
    options: TickPublisherOptions = {},
  ) {
    this.publisher = new MarketPublisher(brokers, { ticks: topic }, options);
  }

  /** Connects, creating the topic with `partitions` partitions if it does not exist. */
  async connect(partitions = 3): Promise<void> {
    await this.publisher.connect(partitions);
  }

  /** Sends ticks as one batch. */
  async publish(ticks: readonly RawTick[]): Promise<void> {
    await this.sendRaw(ticks.map(tickRecord));
  }

  /** Sends records as they are (tests use it for malformed records). */
  async sendRaw(
    messages: ReadonlyArray<{ key: string | null; value: string | null }>,
  ): Promise<void> {
    if (messages.length === 0) return;
    await this.publisher.sendRecords([{ topic: this.topic, messages: [...messages] }]);
  }

  async disconnect(): Promise<void> {
    await this.publisher.disconnect();
  }
}
