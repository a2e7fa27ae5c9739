import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { RawTick } from '../../market/tick.js';

/**
 * Publishes ticks in the service's Kafka schema: key = symbol, value = JSON
 * tick (docs/kafka.md), so one symbol always lands on one partition, in order.
 */
export class TickPublisher {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;

  constructor(
    brokers: readonly string[],
    private readonly topic: string,
    clientId = 'tickstream-feed',
  ) {
    this.kafka = new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING });
  }

  /** Connects, creating the topic with `partitions` partitions if it does not exist. */
  async connect(partitions = 3): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (!existing.includes(this.topic)) {
        await admin.createTopics({
          topics: [{ topic: this.topic, numPartitions: partitions }],
          waitForLeaders: true,
        });
      }
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  /** Sends ticks as one batch. */
  async publish(ticks: readonly RawTick[]): Promise<void> {
    await this.sendRaw(ticks.map((tick) => ({ key: tick.symbol, value: JSON.stringify(tick) })));
  }

  /** Sends records as they are (tests use it for malformed records). */
  async sendRaw(
    messages: ReadonlyArray<{ key: string | null; value: string | null }>,
  ): Promise<void> {
    if (!this.producer) throw new Error('TickPublisher.connect() first');
    if (messages.length === 0) return;
    await this.producer.send({ topic: this.topic, messages: [...messages] });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
  }
}
