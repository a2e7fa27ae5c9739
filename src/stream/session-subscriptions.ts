import { WILDCARD_SYMBOL } from '../market/symbol.js';
import { TICKER_CHANNEL, type SubscriptionEntry } from '../protocol/messages.js';

/**
 * One session's subscriptions: symbol → throttle (ms), plus the optional
 * wildcard. An explicit symbol's throttle wins over the wildcard's.
 */
export class SessionSubscriptions {
  private readonly bySymbol = new Map<string, number>();
  private wildcardThrottle: number | undefined;
  private throttled = 0;

  /** The throttle that applies to `symbol`, or `undefined` when not subscribed. */
  throttleOf(symbol: string): number | undefined {
    return this.bySymbol.get(symbol) ?? this.wildcardThrottle;
  }

  /** True when `symbol` (or `"*"`) is itself an entry. */
  has(symbol: string): boolean {
    return this.entryThrottle(symbol) !== undefined;
  }

  /**
   * True when no entry is throttled: every pending update is due at once, so
   * the session can flush without looking up throttles (the common bot case).
   */
  get allUnthrottled(): boolean {
    return this.throttled === 0;
  }

  /** Adds or updates an entry; returns true when it is new. */
  set(symbol: string, throttleMs: number): boolean {
    const previous = this.entryThrottle(symbol);
    if (symbol === WILDCARD_SYMBOL) this.wildcardThrottle = throttleMs;
    else this.bySymbol.set(symbol, throttleMs);
    this.throttled += (throttleMs > 0 ? 1 : 0) - ((previous ?? 0) > 0 ? 1 : 0);
    return previous === undefined;
  }

  /** Removes an entry; returns true when it existed. */
  delete(symbol: string): boolean {
    const previous = this.entryThrottle(symbol);
    if (previous === undefined) return false;
    if (previous > 0) this.throttled--;
    if (symbol === WILDCARD_SYMBOL) this.wildcardThrottle = undefined;
    else this.bySymbol.delete(symbol);
    return true;
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

  /** The throttle of `symbol`'s own entry (not the wildcard's), if it is one. */
  private entryThrottle(symbol: string): number | undefined {
    return symbol === WILDCARD_SYMBOL ? this.wildcardThrottle : this.bySymbol.get(symbol);
  }

  /** Symbol entries, without the wildcard. */
  symbols(): IterableIterator<string> {
    return this.bySymbol.keys();
  }
}
