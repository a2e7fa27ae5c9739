import { Kafka, logLevel, type Producer, type TopicMessages } from 'kafkajs';
import type { MarketFeed } from '../../market/market-feed.js';
import {
  compressionType,
  registerCompressionCodecs,
  type CompressionName,
} from '../kafka/compression-codecs.js';
import type { MarketStep } from '../simulator/simulated-market.js';
import { ensureTopics } from './ensure-topics.js';
import { bookRecord, tickRecord, tradeRecord, type KafkaRecord } from './market-records.js';

/** The topic each published feed goes to; a feed without one is not published. */
export type FeedTopics = Partial<Readonly<Record<MarketFeed, string>>>;

/** Options of a {@link MarketPublisher}. */
export interface MarketPublisherOptions {
  /** Client id sent to the brokers. Default `tickstream-feed`. */
  readonly clientId?: string;
  /** Codec of the produced batches, as Kafka's `compression.type`. Default `none`. */
  readonly compression?: CompressionName;
}

/**
 * Publishes simulator steps to the ticks, trades and book topics in the
 * service's schemas (docs/kafka.md): key = symbol, so each symbol's records of a
 * feed land on one partition, in order. One request per call carries every topic.
 */
export class MarketPublisher {
  private readonly kafka: Kafka;
  private readonly compression: CompressionName;
  private producer: Producer | undefined;

  constructor(
    brokers: readonly string[],
    private readonly topics: FeedTopics,
    options: MarketPublisherOptions = {},
  ) {
    registerCompressionCodecs();
    this.compression = options.compression ?? 'none';
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'tickstream-feed',
      brokers: [...brokers],
      logLevel: logLevel.NOTHING,
    });
  }

  /** Connects, creating missing topics with `partitions` partitions. */
  async connect(partitions = 3): Promise<void> {
    await ensureTopics(this.kafka, Object.values(this.topics), partitions);
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  /** Sends the records of `steps`, in order per feed; returns how many records were sent. */
  async publish(steps: readonly MarketStep[]): Promise<number> {
    const { ticks, trades, book } = this.topics;
    const topicMessages: TopicMessages[] = [];
    const add = (topic: string | undefined, records: KafkaRecord[]): void => {
      if (topic !== undefined && records.length > 0)
        topicMessages.push({ topic, messages: records });
    };
    add(ticks, ticks === undefined ? [] : steps.map((s) => tickRecord(s.tick)));
    add(
      trades,
      steps.flatMap((s) => (s.trade ? [tradeRecord(s.trade)] : [])),
    );
    add(
      book,
      steps.flatMap((s) => (s.book ? [bookRecord(s.book)] : [])),
    );
    return this.sendRecords(topicMessages);
  }

  /**
   * Sends records as they are, to any topics, in one request with the configured
   * codec; returns how many records were sent.
   */
  async sendRecords(topicMessages: readonly TopicMessages[]): Promise<number> {
    if (!this.producer) throw new Error('MarketPublisher.connect() first');
    if (topicMessages.length === 0) return 0;
    await this.producer.sendBatch({
      topicMessages: [...topicMessages],
      compression: compressionType(this.compression),
    });
    return topicMessages.reduce((n, t) => n + t.messages.length, 0);
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
  }
}
