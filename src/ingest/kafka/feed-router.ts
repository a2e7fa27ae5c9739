import type { KafkaConfig } from '../../config/app-config.js';
import type { MarketFeed } from '../../market/market-feed.js';
import { BookDecoder, type DecodedBookRecord } from './book-decoder.js';
import { reject, type Rejected } from './record-decoding.js';
import { decodeTickRecord, type DecodedTick } from './tick-decoder.js';
import { decodeTradeRecord, type DecodedTrade } from './trade-decoder.js';

/** A decoded record of any feed, as it waits in the ingest queue. */
export type MarketEvent = DecodedTick | DecodedTrade | DecodedBookRecord;

/**
 * Which feed each consumed topic carries, and the decoder for it. One consumer
 * reads every topic; a record is decoded by the schema of its topic's feed.
 */
export class FeedRouter {
  /** The feeds served: `ticks` always, `trades`/`book` when they have topics. */
  readonly feeds: readonly MarketFeed[];
  /** Every topic to consume, ticks first. */
  readonly topics: readonly string[];
  private readonly feedOf = new Map<string, MarketFeed>();
  private readonly books = new BookDecoder();

  /** Throws when a topic is listed for two feeds: its records could not be told apart. */
  constructor(config: Pick<KafkaConfig, 'topics' | 'tradeTopics' | 'bookTopics'>) {
    const lists: Array<[MarketFeed, readonly string[]]> = [
      ['ticks', config.topics],
      ['trades', config.tradeTopics],
      ['book', config.bookTopics],
    ];
    for (const [feed, topics] of lists) {
      for (const topic of topics) {
        const other = this.feedOf.get(topic);
        if (other !== undefined && other !== feed) {
          throw new Error(`Kafka topic ${topic} is configured for both ${other} and ${feed}`);
        }
        this.feedOf.set(topic, feed);
      }
    }
    this.feeds = lists.filter(([, topics]) => topics.length > 0).map(([feed]) => feed);
    this.topics = [...this.feedOf.keys()];
  }

  /** Decodes a record of `topic` by its feed's schema. Total: never throws. */
  decode(
    topic: string,
    key: Buffer | null,
    value: Buffer | null,
    now: number,
  ): MarketEvent | Rejected {
    switch (this.feedOf.get(topic)) {
      case 'ticks':
        return decodeTickRecord(key, value, now);
      case 'trades':
        return decodeTradeRecord(key, value, now);
      case 'book':
        return this.books.decode(key, value, now);
      default:
        // Only subscribed topics are fetched; kept total all the same.
        return reject('schema', `record of unconfigured topic ${topic}`);
    }
  }
}
