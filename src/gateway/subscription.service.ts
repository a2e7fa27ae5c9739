import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { WILDCARD_SYMBOL } from '../market/symbol.js';
import { TickerBook } from '../market/ticker-book.js';
import { TICKER_CHANNEL, type SubscriptionEntry } from '../protocol/messages.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { snapshotFrame } from '../stream/encoded-ticker.js';
import { FanOutHub } from '../stream/fan-out-hub.js';
import { MarketDataService } from '../stream/market-data.service.js';
import { ChannelSubscriptions } from './channel-subscriptions.service.js';
import type { Connection } from './connection.js';
import type { SubscribeDto } from './dto/subscribe.dto.js';
import type { UnsubscribeDto } from './dto/unsubscribe.dto.js';
import { ServedChannels } from './served-channels.js';
import { assertSymbolsAllowed, assertSymbolsWellFormed, uniqueSymbols } from './symbol-check.js';
import { assertWithinMaxSymbols, idOf } from './symbol-limit.js';
import { SymbolDirectory } from './symbol-directory.js';

/**
 * The subscribe/unsubscribe semantics of protocol v1: atomic requests,
 * idempotent re-subscribe and unsubscribe, throttle floor, snapshot before
 * the first update. The ticker is handled here; the other channels share the
 * checks (served channel, count, symbols) and then apply their own keys in
 * {@link ChannelSubscriptions}.
 */
@Injectable()
export class SubscriptionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly hub: FanOutHub,
    private readonly book: TickerBook,
    private readonly directory: SymbolDirectory,
    private readonly marketData: MarketDataService,
    private readonly served: ServedChannels,
    private readonly channels: ChannelSubscriptions,
  ) {}

  subscribe(connection: Connection, request: SubscribeDto): void {
    const channel = this.served.resolve(request.channel);
    const symbols = uniqueSymbols(request.symbols);
    assertWithinMaxSymbols(connection, channel, symbols.length);
    assertSymbolsAllowed(symbols, (s) => this.directory.isKnown(s), connection.grant.entitlements);
    if (channel !== TICKER_CHANNEL) {
      this.channels.subscribe(connection, channel, request, symbols);
      return;
    }
    const subscriptions = connection.session.subscriptions;
    const added = symbols.filter((s) => !subscriptions.has(s));
    assertWithinMaxSymbols(connection, channel, subscriptions.size + added.length);

    const throttleMs = Math.max(
      request.throttleMs ?? this.config.minThrottleMs,
      this.config.minThrottleMs,
    );
    for (const symbol of symbols) subscriptions.set(symbol, throttleMs);
    this.hub.add(connection.session, added);
    connection.send({ type: 'subscribed', ...idOf(request), channel, symbols, throttleMs });

    // Written synchronously after the routes exist and before control returns to
    // the event loop, so no update of these symbols can precede their snapshot.
    if (request.snapshot !== false) this.sendSnapshot(connection, added);
  }

  /** Every subscription of the connection, ticker first, for `list`. */
  list(connection: Connection): SubscriptionEntry[] {
    const session = connection.session;
    return [...session.subscriptions.entries(), ...this.channels.entries(session)];
  }

  unsubscribe(connection: Connection, request: UnsubscribeDto): void {
    const channel = this.served.resolve(request.channel);
    const symbols = uniqueSymbols(request.symbols);
    assertSymbolsWellFormed(symbols);
    if (channel !== TICKER_CHANNEL) {
      this.channels.unsubscribe(connection, channel, request, symbols);
      return;
    }
    const subscriptions = connection.session.subscriptions;
    const removed = symbols.filter((s) => subscriptions.delete(s));
    this.hub.remove(connection.session, removed);
    connection.session.forget(
      removed.includes(WILDCARD_SYMBOL) ? [...this.book.symbols()] : removed,
    );
    connection.send({ type: 'unsubscribed', ...idOf(request), channel, symbols });
  }

  private sendSnapshot(connection: Connection, added: readonly string[]): void {
    const symbols = added.includes(WILDCARD_SYMBOL) ? [...this.book.symbols()] : added;
    const pieces: string[] = [];
    const delivered: string[] = [];
    for (const symbol of symbols) {
      const encoded = this.marketData.latest(symbol);
      if (!encoded) continue;
      pieces.push(encoded.json);
      delivered.push(symbol);
    }
    if (pieces.length === 0) return;
    connection.session.sendControl(snapshotFrame(pieces));
    connection.session.markDelivered(delivered, this.clock.now());
  }
}
