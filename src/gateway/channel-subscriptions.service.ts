import { Inject, Injectable } from '@nestjs/common';
import { Channel, type SubscriptionEntry } from '../protocol/messages.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import type { ClientSession } from '../stream/client-session.js';
import type { DeliveryChannel } from '../stream/channels/channel-stats.js';
import { FlushScheduler } from '../stream/flush-scheduler.js';
import { BookSubscriptions } from './book-subscriptions.js';
import { CandlesSubscriptions } from './candles-subscriptions.js';
import type { Connection } from './connection.js';
import type { SubscribeDto } from './dto/subscribe.dto.js';
import type { UnsubscribeDto } from './dto/unsubscribe.dto.js';
import { TradesSubscriptions } from './trades-subscriptions.js';

/**
 * Subscribe and unsubscribe on the trades, candles and book channels, once the
 * request is validated, its channel served and its symbols checked (shared with
 * the ticker in `SubscriptionService`). Each channel applies its own keys and
 * parameters; all write their snapshot after the `subscribed` reply.
 */
@Injectable()
export class ChannelSubscriptions {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly scheduler: FlushScheduler,
    private readonly trades: TradesSubscriptions,
    private readonly candles: CandlesSubscriptions,
    private readonly book: BookSubscriptions,
  ) {}

  subscribe(
    connection: Connection,
    channel: DeliveryChannel,
    request: SubscribeDto,
    symbols: readonly string[],
  ): void {
    const queued = this.handler(channel).subscribe(connection, request, symbols);
    // The snapshot waits in the session's queue behind the reply: write it now
    // rather than at the next batch.
    if (queued) this.flushNow(connection.session);
  }

  unsubscribe(
    connection: Connection,
    channel: DeliveryChannel,
    request: UnsubscribeDto,
    symbols: readonly string[],
  ): void {
    this.handler(channel).unsubscribe(connection, request, symbols);
  }

  /** The session's subscriptions on these channels, for `list`. */
  entries(session: ClientSession): SubscriptionEntry[] {
    return session.hasChannels ? session.channels.entries() : [];
  }

  /** Ends every route of a departing session (nothing for a ticker-only one). */
  removeSession(session: ClientSession): void {
    if (!session.hasChannels) return;
    this.trades.removeSession(session);
    this.candles.removeSession(session);
    this.book.removeSession(session);
  }

  private handler(
    channel: DeliveryChannel,
  ): TradesSubscriptions | CandlesSubscriptions | BookSubscriptions {
    switch (channel) {
      case Channel.TRADES:
        return this.trades;
      case Channel.CANDLES:
        return this.candles;
      case Channel.BOOK:
        return this.book;
    }
  }

  private flushNow(session: ClientSession): void {
    const now = this.clock.now();
    const next = session.flush(now);
    if (next !== undefined) this.scheduler.request(session, next, now);
  }
}
