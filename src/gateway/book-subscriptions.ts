import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { DEFAULT_BOOK_DEPTH, type BookDepth } from '../market/book-level.js';
import { Channel } from '../protocol/messages.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import type { ClientSession } from '../stream/client-session.js';
import { BookFeed } from '../stream/channels/book-feed.js';
import type { BookRoute } from '../stream/channels/book-route.js';
import type { EncodedEntry } from '../stream/channels/encoded-entry.js';
import type { Connection } from './connection.js';
import type { SubscribeDto } from './dto/subscribe.dto.js';
import type { UnsubscribeDto } from './dto/unsubscribe.dto.js';
import { assertWithinMaxSymbols, idOf } from './symbol-limit.js';

/**
 * `book` subscriptions, keyed by symbol: re-subscribing at the held depth changes
 * only the throttle; at another depth it replaces the subscription and sends a
 * fresh snapshot. Symbols with no book yet are left out of the snapshot; they get
 * one when their book arrives.
 */
@Injectable()
export class BookSubscriptions {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly feed: BookFeed,
  ) {}

  /** Subscribes checked, entitled `symbols`; returns whether a snapshot was queued. */
  subscribe(connection: Connection, request: SubscribeDto, symbols: readonly string[]): boolean {
    const session = connection.session;
    // Validated: one of the depths when present.
    const depth = (request.depth ?? DEFAULT_BOOK_DEPTH) as BookDepth;
    const throttleMs = Math.max(request.throttleMs ?? 0, this.config.minThrottleMs);
    const held = session.hasChannels ? session.channels.book.routes : new Map<string, BookRoute>();
    const added = symbols.filter((s) => !held.has(s));
    assertWithinMaxSymbols(connection, Channel.BOOK, held.size + added.length);

    const book = session.channels.book;
    const now = this.clock.now();
    const snapshot: EncodedEntry[] = [];
    for (const symbol of symbols) {
      const route = book.routes.get(symbol);
      if (route?.depth === depth) {
        this.feed.setThrottle(route, throttleMs);
        continue;
      }
      // Another depth replaces the subscription, always with a fresh snapshot: the
      // client's book at the old depth is no baseline for diffs at the new one.
      if (route) this.drop(route);
      const withSnapshot = route !== undefined || request.snapshot !== false;
      const subscribed = this.feed.add(session, symbol, depth, throttleMs, withSnapshot);
      book.routes.set(symbol, subscribed.route);
      if (subscribed.snapshot) {
        snapshot.push(subscribed.snapshot);
        // The snapshot counts as a delivery: the throttle window starts with it.
        subscribed.route.lastSentAt = now;
      }
    }
    connection.send({
      type: 'subscribed',
      ...idOf(request),
      channel: Channel.BOOK,
      symbols: [...symbols],
      throttleMs,
      depth,
    });
    book.queue.pushSnapshot(snapshot);
    return snapshot.length > 0;
  }

  unsubscribe(connection: Connection, request: UnsubscribeDto, symbols: readonly string[]): void {
    const session = connection.session;
    if (session.hasChannels) {
      for (const symbol of symbols) {
        const route = session.channels.book.routes.get(symbol);
        if (route) this.drop(route);
      }
    }
    connection.send({
      type: 'unsubscribed',
      ...idOf(request),
      channel: Channel.BOOK,
      symbols: [...symbols],
    });
  }

  /** Ends every book route of a departing session. */
  removeSession(session: ClientSession): void {
    for (const route of [...session.channels.book.routes.values()]) this.drop(route);
  }

  private drop(route: BookRoute): void {
    route.session.channels.book.routes.delete(route.symbol);
    this.feed.remove(route);
  }
}
