import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { DEFAULT_CANDLE_SNAPSHOT_BARS, type CandleInterval } from '../market/candle.js';
import { Channel } from '../protocol/messages.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import type { ClientSession } from '../stream/client-session.js';
import { CandleFeed } from '../stream/channels/candle-feed.js';
import type { EncodedEntry } from '../stream/channels/encoded-entry.js';
import { CandleRoute, candleKey } from '../stream/channels/session-candles.js';
import type { Connection } from './connection.js';
import type { SubscribeDto } from './dto/subscribe.dto.js';
import type { UnsubscribeDto } from './dto/unsubscribe.dto.js';
import { assertWithinMaxSymbols, idOf } from './symbol-limit.js';

/**
 * `candles` subscriptions, keyed by (symbol, interval): the snapshot is the last
 * `history` closed bars then the open bar; re-subscribing a held key changes only
 * its throttle.
 */
@Injectable()
export class CandlesSubscriptions {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly feed: CandleFeed,
  ) {}

  /** Subscribes checked, entitled `symbols`; returns whether a snapshot was queued. */
  subscribe(connection: Connection, request: SubscribeDto, symbols: readonly string[]): boolean {
    const session = connection.session;
    // Validated: required on this channel and one of the intervals.
    const interval = request.interval as CandleInterval;
    const history = request.history ?? DEFAULT_CANDLE_SNAPSHOT_BARS;
    const throttleMs = Math.max(request.throttleMs ?? 0, this.config.minThrottleMs);
    const held = session.hasChannels
      ? session.channels.candles.routes
      : new Map<string, CandleRoute>();
    const added = symbols.filter((s) => !held.has(candleKey(s, interval)));
    assertWithinMaxSymbols(connection, Channel.CANDLES, held.size + added.length);

    const candles = session.channels.candles;
    const fresh: CandleRoute[] = [];
    for (const symbol of symbols) {
      const route = candles.routes.get(candleKey(symbol, interval));
      if (route) {
        route.throttleMs = throttleMs;
        continue;
      }
      const created = new CandleRoute(session, symbol, interval, throttleMs);
      candles.add(created);
      this.feed.add(created);
      fresh.push(created);
    }
    connection.send({
      type: 'subscribed',
      ...idOf(request),
      channel: Channel.CANDLES,
      symbols: [...symbols],
      throttleMs,
      interval,
      history,
    });
    if (request.snapshot === false) return false;
    const now = this.clock.now();
    const entries: EncodedEntry[] = [];
    for (const route of fresh) {
      const bars = this.feed.snapshot(route.symbol, interval, history);
      if (bars.length === 0) continue;
      entries.push(...bars);
      // The snapshot counts as a delivery: the throttle window starts with it.
      route.lastSentAt = now;
    }
    candles.queue.pushSnapshot(entries);
    return entries.length > 0;
  }

  unsubscribe(connection: Connection, request: UnsubscribeDto, symbols: readonly string[]): void {
    const session = connection.session;
    if (session.hasChannels) {
      const wanted = new Set(symbols);
      const interval = request.interval as CandleInterval | undefined;
      for (const route of [...session.channels.candles.routes.values()]) {
        if (!wanted.has(route.symbol) || (interval !== undefined && route.interval !== interval)) {
          continue;
        }
        this.drop(session, route);
      }
    }
    connection.send({
      type: 'unsubscribed',
      ...idOf(request),
      channel: Channel.CANDLES,
      symbols: [...symbols],
      ...(request.interval === undefined ? {} : { interval: request.interval }),
    });
  }

  /** Ends every candles route of a departing session. */
  removeSession(session: ClientSession): void {
    for (const route of [...session.channels.candles.routes.values()]) this.drop(session, route);
  }

  private drop(session: ClientSession, route: CandleRoute): void {
    session.channels.candles.remove(route);
    this.feed.remove(route);
  }
}
