import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { RawTick } from '../../../src/market/tick.js';
import {
  compressionType,
  registerCompressionCodecs,
  type CompressionName,
} from '../../../src/ingest/kafka/compression-codecs.js';
import { ensureTopics } from '../../../src/ingest/feed/ensure-topics.js';
import { tickRecord } from '../../../src/ingest/feed/market-records.js';

/** Options of a {@link TickPublisher}. */
export interface TickPublisherOptions {
  /** Client id sent to the brokers. Default `tickstream-feed`. */
  readonly clientId?: string;
  /** Codec of the produced batches, as Kafka's `compression.type`. Default `none`. */
  readonly compression?: CompressionName;
}

/**
 * Publishes ticks in the service's Kafka schema: key = symbol, value = JSON
 * tick (docs/kafka.md), so one symbol always lands on one partition, in order.
 * Its `sendRaw` writes any record to its topic (the trade and book topics too, and
 * records the service must refuse). The feeder's own publisher is `MarketPublisher`.
 */
export class TickPublisher {
  private readonly kafka: Kafka;
  private readonly compression: CompressionName;
  private producer: Producer | undefined;

  constructor(
    brokers: readonly string[],
    private readonly topic: string,
    options: TickPublisherOptions = {},
  ) {
    registerCompressionCodecs();
    this.compression = options.compression ?? 'none';
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'tickstream-feed',
      brokers: [...brokers],
      logLevel: logLevel.NOTHING,
    });
  }

  /** Connects, creating the topic with `partitions` partitions if it does not exist. */
  async connect(partitions = 3): Promise<void> {
    await ensureTopics(this.kafka, [this.topic], partitions);
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  /** Sends ticks as one batch. */
  async publish(ticks: readonly RawTick[]): Promise<void> {
    await this.sendRaw(ticks.map(tickRecord));
  }

  /** Sends records as they are (tests use it for malformed records). */
  async sendRaw(
    messages: ReadonlyArray<{ key: string | null; value: string | null }>,
  ): Promise<void> {
    if (!this.producer) throw new Error('TickPublisher.connect() first');
    if (messages.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      messages: [...messages],
      compression: compressionType(this.compression),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
  }
}
