import type { BookDepth } from '../market/book-level.js';
import type { CandleInterval } from '../market/candle.js';
import { Channel, Op, type SubscribeRequest, type UnsubscribeRequest } from '../protocol/index.js';
import type { SubscribeOptions } from './client-events.js';
import type { SubscriptionParams } from './subscription-registry.js';

/** A `ticker` subscription in the object form of {@link TickstreamClient.subscribe}. */
export interface TickerSubscription {
  readonly channel: typeof Channel.TICKER;
  readonly symbols: readonly string[];
  /** Minimum interval between two updates of a symbol, ms (0..60000). Default: the server's floor. */
  readonly throttleMs?: number;
  /** Whether to receive a snapshot of the new symbols. Default true. */
  readonly snapshot?: boolean;
}

/** A `trades` subscription: every trade, never conflated, so it takes no throttle. */
export interface TradesSubscription {
  readonly channel: typeof Channel.TRADES;
  readonly symbols: readonly string[];
  /**
   * Symbol → the last trade `seq` held: the snapshot holds every retained trade after it.
   * Not needed after a reconnect: the client resumes each symbol from its last seen `seq`.
   */
  readonly since?: Readonly<Record<string, number>>;
  /** Whether to receive recent trades first (or those after `since`). Default true. */
  readonly snapshot?: boolean;
}

/** A `candles` subscription: one per (symbol, interval). */
export interface CandlesSubscription {
  readonly channel: typeof Channel.CANDLES;
  readonly symbols: readonly string[];
  readonly interval: CandleInterval;
  /** Closed bars in the snapshot, 0..1000. Default 100. */
  readonly history?: number;
  /** Minimum interval between two updates of an open bar, ms; closed bars are never held back. */
  readonly throttleMs?: number;
  readonly snapshot?: boolean;
}

/**
 * A `book` subscription. It always takes a snapshot: the client keeps a local book per
 * symbol, which cannot be built without one.
 */
export interface BookSubscription {
  readonly channel: typeof Channel.BOOK;
  readonly symbols: readonly string[];
  /** Levels a side: 10, 25 or 100. Default 10. */
  readonly depth?: BookDepth;
  /** Minimum interval between two updates of a book, ms; changes are merged, never lost. */
  readonly throttleMs?: number;
}

/** What {@link TickstreamClient.subscribe} takes in its object form, one shape per channel. */
export type ChannelSubscription =
  TickerSubscription | TradesSubscription | CandlesSubscription | BookSubscription;

/** What {@link TickstreamClient.unsubscribe} takes in its object form. */
export interface ChannelUnsubscription {
  readonly channel: Channel;
  readonly symbols: readonly string[];
  /** `candles` only: drop this interval; without it, every interval of the symbols. */
  readonly interval?: CandleInterval;
}

/** The wire request of a subscription (without `id`, which the request tracker adds). */
export function toSubscribeRequest(subscription: ChannelSubscription): SubscribeRequest {
  const request: SubscribeRequest = {
    op: Op.SUBSCRIBE,
    channel: subscription.channel,
    symbols: [...subscription.symbols],
  };
  switch (subscription.channel) {
    case Channel.TICKER:
      set(request, 'throttleMs', subscription.throttleMs);
      set(request, 'snapshot', subscription.snapshot);
      break;
    case Channel.TRADES:
      set(request, 'since', subscription.since && { ...subscription.since });
      set(request, 'snapshot', subscription.snapshot);
      break;
    case Channel.CANDLES:
      set(request, 'interval', subscription.interval);
      set(request, 'history', subscription.history);
      set(request, 'throttleMs', subscription.throttleMs);
      set(request, 'snapshot', subscription.snapshot);
      break;
    case Channel.BOOK:
      set(request, 'depth', subscription.depth);
      set(request, 'throttleMs', subscription.throttleMs);
      break;
  }
  return request;
}

/** What the client keeps of a subscription to restore it after a reconnect. */
export function subscriptionParams(subscription: ChannelSubscription): SubscriptionParams {
  switch (subscription.channel) {
    case Channel.TICKER:
      return { channel: subscription.channel, throttleMs: subscription.throttleMs };
    case Channel.TRADES:
      return { channel: subscription.channel };
    case Channel.CANDLES:
      return {
        channel: subscription.channel,
        interval: subscription.interval,
        history: subscription.history,
        throttleMs: subscription.throttleMs,
      };
    case Channel.BOOK:
      return {
        channel: subscription.channel,
        depth: subscription.depth,
        throttleMs: subscription.throttleMs,
      };
  }
}

/** The wire request of an unsubscription (without `id`). */
export function toUnsubscribeRequest(unsubscription: ChannelUnsubscription): UnsubscribeRequest {
  const request: UnsubscribeRequest = {
    op: Op.UNSUBSCRIBE,
    channel: unsubscription.channel,
    symbols: [...unsubscription.symbols],
  };
  if (unsubscription.interval !== undefined) request.interval = unsubscription.interval;
  return request;
}

/** Sets an optional field only when it has a value, so the JSON carries no `undefined` members. */
function set<K extends keyof SubscribeRequest>(
  request: SubscribeRequest,
  key: K,
  value: SubscribeRequest[K] | undefined,
): void {
  if (value !== undefined) request[key] = value;
}

/** A `subscribe` call, either form, as a subscription and the request that makes it. */
export function subscribeCall(
  target: readonly string[] | ChannelSubscription,
  options: SubscribeOptions,
): { subscription: ChannelSubscription; request: SubscribeRequest } {
  if (!isSymbolList(target)) return { subscription: target, request: toSubscribeRequest(target) };
  const subscription: TickerSubscription = { channel: Channel.TICKER, symbols: target, ...options };
  const request = toSubscribeRequest(subscription);
  // v1's shape, without `channel`, as before the other channels existed.
  delete request.channel;
  return { subscription, request };
}

/** An `unsubscribe` call, either form, as an unsubscription and the request that makes it. */
export function unsubscribeCall(target: readonly string[] | ChannelUnsubscription): {
  unsubscription: ChannelUnsubscription;
  request: UnsubscribeRequest;
} {
  if (!isSymbolList(target)) {
    return { unsubscription: target, request: toUnsubscribeRequest(target) };
  }
  return {
    unsubscription: { channel: Channel.TICKER, symbols: target },
    request: { op: Op.UNSUBSCRIBE, symbols: [...target] },
  };
}

/** Tells the symbol-list form of `subscribe`/`unsubscribe` from the object form. */
function isSymbolList(target: readonly string[] | object): target is readonly string[] {
  return Array.isArray(target);
}
