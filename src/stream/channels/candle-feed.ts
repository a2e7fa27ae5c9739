import { CandleAggregator, type CandleAggregatorOptions } from '../../market/candle-aggregator.js';
import type { Candle, CandleInterval } from '../../market/candle.js';
import type { Trade } from '../../market/trade.js';
import type { Clock } from '../../shared/clock.js';
import type { FlushScheduler } from '../flush-scheduler.js';
import { EncodingCache } from './encoded-entry.js';
import { candleKey, type CandleRoute, type EncodedCandle } from './session-candles.js';

function encodeCandle(candle: Candle): EncodedCandle {
  const json = JSON.stringify(candle);
  return {
    key: candleKey(candle.symbol, candle.interval),
    symbol: candle.symbol,
    json,
    bytes: Buffer.byteLength(json),
    start: candle.start,
    closed: candle.closed,
  };
}

/**
 * The `candles` channel of the instance: one {@link CandleAggregator} fed with
 * every accepted trade and ticked by the server's clock; each bar state it emits
 * is serialised once and offered to the subscribers of its (symbol, interval).
 */
export class CandleFeed {
  readonly aggregator: CandleAggregator;
  private readonly routes = new Map<string, Set<CandleRoute>>();
  private readonly encodings = new EncodingCache<Candle, EncodedCandle>(encodeCandle);

  constructor(
    options: CandleAggregatorOptions,
    private readonly clock: Clock,
    private readonly scheduler: FlushScheduler,
  ) {
    this.aggregator = new CandleAggregator(options);
  }

  /** An accepted trade (redeliveries already dropped): updates and closes bars. */
  onTrade(trade: Trade): void {
    this.publish(this.aggregator.onTrade(trade));
  }

  /** The server's clock ticked: closes bars whose end passed by the grace period. */
  onClock(nowMs: number): void {
    this.publish(this.aggregator.onClock(nowMs));
  }

  /** A subscription's snapshot: the last `history` closed bars, oldest first, then the open bar. */
  snapshot(symbol: string, interval: CandleInterval, history: number): EncodedCandle[] {
    return this.aggregator.snapshot(symbol, interval, history).map((c) => this.encodings.of(c));
  }

  add(route: CandleRoute): void {
    let routes = this.routes.get(route.key);
    if (!routes) this.routes.set(route.key, (routes = new Set()));
    routes.add(route);
  }

  remove(route: CandleRoute): void {
    const routes = this.routes.get(route.key);
    if (!routes?.delete(route)) return;
    if (routes.size === 0) this.routes.delete(route.key);
  }

  /** Number of (session, symbol, interval) routes. */
  get routeCount(): number {
    let count = 0;
    for (const routes of this.routes.values()) count += routes.size;
    return count;
  }

  /** Bar states in the aggregator's order: a bar's final state before its successor's first. */
  private publish(candles: readonly Candle[]): void {
    if (candles.length === 0) return;
    const now = this.clock.now();
    for (const candle of candles) {
      const routes = this.routes.get(candleKey(candle.symbol, candle.interval));
      if (!routes) continue;
      const entry = this.encodings.of(candle);
      for (const route of routes) {
        const session = route.session;
        if (session.isClosed) continue;
        const channels = session.channels;
        if (channels.candles.mustFlushBefore(route, channels.lagging)) {
          const next = session.flush(now);
          if (next !== undefined) this.scheduler.request(session, next, now);
        }
        const dueAt = channels.candles.offer(route, entry, now);
        channels.queued();
        this.scheduler.request(session, dueAt, now);
      }
    }
  }
}
