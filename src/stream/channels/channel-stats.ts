import type { Channel } from '../../protocol/messages.js';

/** Counters of one channel beyond `ticker`, bumped on the delivery path and read by `/metrics`. */
export class ChannelCounters {
  /** Entries written in `update` frames. */
  updatesSent = 0;
  /** `update` frames written. */
  framesSent = 0;
  /** `snapshot` frames written. */
  snapshotFramesSent = 0;
  /** Payload bytes of this channel's `snapshot` and `update` frames. */
  bytesSent = 0;
  /** Entries replaced or merged before they could be sent (open candles, book changes); never trades. */
  conflated = 0;
}

/** The channels with their own counters (the ticker's live in `StreamStats`). */
export type DeliveryChannel = Exclude<Channel, 'ticker'>;

/** Per-channel counters of the trades, candles and book channels. */
export class ChannelStats {
  readonly trades = new ChannelCounters();
  readonly candles = new ChannelCounters();
  readonly book = new ChannelCounters();

  of(channel: DeliveryChannel): ChannelCounters {
    return this[channel];
  }
}
