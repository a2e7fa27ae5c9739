import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { WILDCARD_SYMBOL } from '../market/symbol.js';
import { TickerBook } from '../market/ticker-book.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { TICKER_CHANNEL } from '../protocol/messages.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { snapshotFrame } from '../stream/encoded-ticker.js';
import { FanOutHub } from '../stream/fan-out-hub.js';
import { MarketDataService } from '../stream/market-data.service.js';
import type { Connection } from './connection.js';
import type { SubscribeDto } from './dto/subscribe.dto.js';
import type { UnsubscribeDto } from './dto/unsubscribe.dto.js';
import { ProtocolError } from './protocol-error.js';
import { assertSymbolsAllowed, assertSymbolsWellFormed, uniqueSymbols } from './symbol-check.js';
import { SymbolDirectory } from './symbol-directory.js';

/**
 * The subscribe/unsubscribe semantics of protocol v1: atomic requests,
 * idempotent re-subscribe and unsubscribe, throttle floor, snapshot before
 * the first update.
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
  ) {}

  subscribe(connection: Connection, request: SubscribeDto): void {
    const channel = this.assertChannel(request.channel);
    const symbols = uniqueSymbols(request.symbols);
    const subscriptions = connection.session.subscriptions;
    this.assertCount(connection, symbols.length);
    assertSymbolsAllowed(symbols, (s) => this.directory.isKnown(s), connection.grant.entitlements);
    const added = symbols.filter((s) => !subscriptions.has(s));
    this.assertCount(connection, subscriptions.size + added.length);

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

  unsubscribe(connection: Connection, request: UnsubscribeDto): void {
    const channel = this.assertChannel(request.channel);
    const symbols = uniqueSymbols(request.symbols);
    assertSymbolsWellFormed(symbols);
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

  private assertChannel(channel: string | undefined): string {
    const resolved = channel ?? TICKER_CHANNEL;
    if (resolved !== TICKER_CHANNEL) {
      throw new ProtocolError(
        ErrorCode.UNKNOWN_CHANNEL,
        `Unknown channel "${resolved}"; available: ${TICKER_CHANNEL}`,
      );
    }
    return resolved;
  }

  private assertCount(connection: Connection, count: number): void {
    const max = connection.grant.maxSymbols;
    if (count > max) {
      throw new ProtocolError(
        ErrorCode.TOO_MANY_SYMBOLS,
        `At most ${max} symbols per connection (this request would make ${count})`,
      );
    }
  }
}

function idOf(request: { id?: string | number }): { id?: string | number } {
  return request.id === undefined ? {} : { id: request.id };
}
