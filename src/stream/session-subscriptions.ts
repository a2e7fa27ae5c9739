import { WILDCARD_SYMBOL } from '../market/symbol.js';
import { TICKER_CHANNEL, type SubscriptionEntry } from '../protocol/messages.js';

/**
 * One session's subscriptions: symbol → throttle (ms), plus the optional
 * wildcard. An explicit symbol's throttle wins over the wildcard's.
 */
export class SessionSubscriptions {
  private readonly bySymbol = new Map<string, number>();
  private wildcardThrottle: number | undefined;

  /** The throttle that applies to `symbol`, or `undefined` when not subscribed. */
  throttleOf(symbol: string): number | undefined {
    return this.bySymbol.get(symbol) ?? this.wildcardThrottle;
  }

  /** True when `symbol` (or `"*"`) is itself an entry. */
  has(symbol: string): boolean {
    return symbol === WILDCARD_SYMBOL
      ? this.wildcardThrottle !== undefined
      : this.bySymbol.has(symbol);
  }

  /** Adds or updates an entry; returns true when it is new. */
  set(symbol: string, throttleMs: number): boolean {
    const isNew = !this.has(symbol);
    if (symbol === WILDCARD_SYMBOL) this.wildcardThrottle = throttleMs;
    else this.bySymbol.set(symbol, throttleMs);
    return isNew;
  }

  /** Removes an entry; returns true when it existed. */
  delete(symbol: string): boolean {
    if (symbol !== WILDCARD_SYMBOL) return this.bySymbol.delete(symbol);
    const existed = this.wildcardThrottle !== undefined;
    this.wildcardThrottle = undefined;
    return existed;
  }

  /** Number of entries, the wildcard counting as one. */
  get size(): number {
    return this.bySymbol.size + (this.wildcardThrottle === undefined ? 0 : 1);
  }

  get hasWildcard(): boolean {
    return this.wildcardThrottle !== undefined;
  }

  /** Every entry, as listed by the `list` op. */
  entries(): SubscriptionEntry[] {
    const list = [...this.bySymbol].map(([symbol, throttleMs]) => ({
      channel: TICKER_CHANNEL,
      symbol,
      throttleMs,
    }));
    if (this.wildcardThrottle !== undefined) {
      list.push({
        channel: TICKER_CHANNEL,
        symbol: WILDCARD_SYMBOL,
        throttleMs: this.wildcardThrottle,
      });
    }
    return list;
  }

  /** Symbol entries, without the wildcard. */
  symbols(): IterableIterator<string> {
    return this.bySymbol.keys();
  }
}
