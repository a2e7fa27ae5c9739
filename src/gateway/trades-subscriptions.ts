import { Injectable } from '@nestjs/common';
import { Channel } from '../protocol/messages.js';
import type { ClientSession } from '../stream/client-session.js';
import { TradeFeed } from '../stream/channels/trade-feed.js';
import type { Connection } from './connection.js';
import type { SubscribeDto } from './dto/subscribe.dto.js';
import type { UnsubscribeDto } from './dto/unsubscribe.dto.js';
import { assertWithinMaxSymbols, idOf } from './symbol-limit.js';

/**
 * `trades` subscriptions: keyed by symbol, never throttled. The snapshot (the
 * last trades, or everything after `since`) is taken and the route added in one
 * synchronous step, so live trades continue it with none missed and none twice.
 */
@Injectable()
export class TradesSubscriptions {
  constructor(private readonly feed: TradeFeed) {}

  /** Subscribes checked, entitled `symbols`; returns whether a snapshot was queued. */
  subscribe(connection: Connection, request: SubscribeDto, symbols: readonly string[]): boolean {
    const session = connection.session;
    const held = session.hasChannels ? session.channels.trades.symbols : new Set<string>();
    const added = symbols.filter((s) => !held.has(s));
    assertWithinMaxSymbols(connection, Channel.TRADES, held.size + added.length);

    const trades = session.channels.trades;
    for (const symbol of added) {
      trades.symbols.add(symbol);
      this.feed.add(session, symbol);
    }
    connection.send({
      type: 'subscribed',
      ...idOf(request),
      channel: Channel.TRADES,
      symbols: [...symbols],
      throttleMs: 0,
    });
    // A held symbol keeps its stream: no second snapshot, its `since` is moot.
    if (request.snapshot === false) return false;
    const { entries, truncated } = this.feed.snapshot(added, request.since);
    trades.queue.pushSnapshot(entries, truncated);
    return entries.length > 0;
  }

  unsubscribe(connection: Connection, request: UnsubscribeDto, symbols: readonly string[]): void {
    const session = connection.session;
    if (session.hasChannels) this.drop(session, symbols);
    connection.send({
      type: 'unsubscribed',
      ...idOf(request),
      channel: Channel.TRADES,
      symbols: [...symbols],
    });
  }

  /** Ends every trades route of a departing session. */
  removeSession(session: ClientSession): void {
    this.drop(session, [...session.channels.trades.symbols]);
  }

  private drop(session: ClientSession, symbols: readonly string[]): void {
    session.channels.trades.remove(symbols);
    this.feed.remove(session, symbols);
  }
}
