import { Inject, Injectable } from '@nestjs/common';
import { TICK_SOURCE, type TickSource } from '../ingest/tick-source.js';
import type { MarketFeed } from '../market/market-feed.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { Channel, TICKER_CHANNEL } from '../protocol/messages.js';
import { ProtocolError } from './protocol-error.js';

/** The channels a source's feeds serve: ticks → ticker; trades → trades and candles; book → book. */
export function channelsServedBy(feeds: readonly MarketFeed[]): Channel[] {
  const channels: Channel[] = [];
  if (feeds.includes('ticks')) channels.push(Channel.TICKER);
  if (feeds.includes('trades')) channels.push(Channel.TRADES, Channel.CANDLES);
  if (feeds.includes('book')) channels.push(Channel.BOOK);
  return channels;
}

/** The channels this instance serves (`welcome.channels`); any other is `UNKNOWN_CHANNEL`. */
@Injectable()
export class ServedChannels {
  readonly list: readonly Channel[];
  private readonly served: ReadonlySet<string>;

  constructor(@Inject(TICK_SOURCE) source: TickSource) {
    this.list = channelsServedBy(source.feeds);
    this.served = new Set(this.list);
  }

  has(channel: string): channel is Channel {
    return this.served.has(channel);
  }

  /** The channel a request names (`ticker` when none); throws `UNKNOWN_CHANNEL` unless served. */
  resolve(channel: string | undefined): Channel {
    const resolved = channel ?? TICKER_CHANNEL;
    if (this.has(resolved)) return resolved;
    throw new ProtocolError(
      ErrorCode.UNKNOWN_CHANNEL,
      `Unknown channel "${resolved.slice(0, 64)}"; this server serves: ${this.list.join(', ')}`,
    );
  }
}
