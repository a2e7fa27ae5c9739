import type { BookDepth } from '../market/book-level.js';
import type { CandleInterval } from '../market/candle.js';
import { Channel } from '../protocol/index.js';

/**
 * What a subscription asked for, besides its symbols. The throttle asked for is kept
 * (not the effective one of the reply), so a server with another floor applies its own.
 */
export interface SubscriptionParams {
  readonly channel: Channel;
  /** `undefined` = the server's floor (and always for `trades`). */
  readonly throttleMs?: number;
  /** `candles`: part of the subscription's identity. */
  readonly interval?: CandleInterval;
  /** `candles`: closed bars in the snapshot. */
  readonly history?: number;
  /** `book`: levels a side. */
  readonly depth?: BookDepth;
}

/** One held (channel, symbol[, interval]) subscription. */
export interface HeldSubscription extends SubscriptionParams {
  readonly symbol: string;
}

/** One subscribe request that restores a group of held subscriptions with the same parameters. */
export interface SubscriptionGroup extends SubscriptionParams {
  readonly symbols: string[];
  /** `trades`: symbol → last `seq` seen, for the symbols that have one. */
  readonly since?: Record<string, number>;
}

/**
 * The subscriptions the user holds, per (channel, symbol) and for candles per
 * (channel, symbol, interval) as the protocol keys them: what the client restores
 * after a reconnect.
 */
export class SubscriptionRegistry {
  private readonly held = new Map<string, HeldSubscription>();

  /** Holds `symbols` with `params`; a held one takes the new parameters (as the server does). */
  add(params: SubscriptionParams, symbols: readonly string[]): void {
    for (const symbol of symbols) {
      this.held.set(keyOf(params.channel, symbol, params.interval), { ...params, symbol });
    }
  }

  /** Drops `symbols` of `channel`; for candles without `interval`, every interval of them. */
  remove(channel: Channel, symbols: readonly string[], interval?: CandleInterval): void {
    if (channel !== Channel.CANDLES || interval !== undefined) {
      for (const symbol of symbols) this.held.delete(keyOf(channel, symbol, interval));
      return;
    }
    const dropped = new Set(symbols);
    for (const [key, entry] of this.held) {
      if (entry.channel === channel && dropped.has(entry.symbol)) this.held.delete(key);
    }
  }

  /** The held subscription of (`channel`, `symbol`[, `interval`]). */
  get(channel: Channel, symbol: string, interval?: CandleInterval): HeldSubscription | undefined {
    return this.held.get(keyOf(channel, symbol, interval));
  }

  has(channel: Channel, symbol: string, interval?: CandleInterval): boolean {
    return this.held.has(keyOf(channel, symbol, interval));
  }

  get size(): number {
    return this.held.size;
  }

  /** Every held subscription, in subscription order. */
  all(): HeldSubscription[] {
    return [...this.held.values()];
  }

  /** Held `ticker` symbols and the throttle asked for each, in subscription order. */
  tickerThrottles(): ReadonlyMap<string, number | undefined> {
    const throttles = new Map<string, number | undefined>();
    for (const entry of this.held.values()) {
      if (entry.channel === Channel.TICKER) throttles.set(entry.symbol, entry.throttleMs);
    }
    return throttles;
  }

  /**
   * The held subscriptions as subscribe requests: one group per channel and parameters,
   * split so that no request's JSON exceeds `maxFrameBytes` (the server closes with 1009
   * above its `maxMessageBytes`). `sinceOf` gives a trades symbol's last seen `seq`.
   */
  groups(
    maxFrameBytes: number,
    sinceOf: (symbol: string) => number | undefined = () => undefined,
  ): SubscriptionGroup[] {
    const byParams = new Map<string, { params: SubscriptionParams; symbols: string[] }>();
    for (const { symbol, ...params } of this.held.values()) {
      const key = JSON.stringify([
        params.channel,
        params.throttleMs,
        params.interval,
        params.history,
        params.depth,
      ]);
      const group = byParams.get(key);
      if (group) group.symbols.push(symbol);
      else byParams.set(key, { params, symbols: [symbol] });
    }
    const groups: SubscriptionGroup[] = [];
    for (const { params, symbols } of byParams.values()) {
      const resumable = params.channel === Channel.TRADES;
      let chunk: string[] = [];
      let since: Record<string, number> = {};
      let bytes = REQUEST_OVERHEAD_BYTES;
      const flush = (): void => {
        groups.push(
          Object.keys(since).length > 0
            ? { ...params, symbols: chunk, since }
            : { ...params, symbols: chunk },
        );
        chunk = [];
        since = {};
        bytes = REQUEST_OVERHEAD_BYTES;
      };
      for (const symbol of symbols) {
        const seq = resumable ? sinceOf(symbol) : undefined;
        const symbolBytes = symbol.length * MAX_UTF8_BYTES_PER_CHAR + SYMBOL_OVERHEAD_BYTES;
        const size = seq === undefined ? symbolBytes : 2 * symbolBytes + SINCE_VALUE_BYTES;
        if (chunk.length > 0 && bytes + size > maxFrameBytes) flush();
        chunk.push(symbol);
        if (seq !== undefined) since[symbol] = seq;
        bytes += size;
      }
      if (chunk.length > 0) flush();
    }
    return groups;
  }
}

function keyOf(channel: Channel, symbol: string, interval: CandleInterval | undefined): string {
  return interval === undefined ? `${channel} ${symbol}` : `${channel} ${symbol} ${interval}`;
}

/**
 * `{"op":"subscribe","channel":"candles","symbols":[],"throttleMs":60000,"interval":"15m",
 * "history":1000,"since":{},"id":123456789}` and the like, with room to spare.
 */
const REQUEST_OVERHEAD_BYTES = 192;
/** Quotes and comma around each symbol (and around each `since` key, plus its colon). */
const SYMBOL_OVERHEAD_BYTES = 4;
/** A `since` value: a safe integer has at most 16 digits. */
const SINCE_VALUE_BYTES = 16;
/** Symbols are ASCII by the protocol; this is a bound for anything else. */
const MAX_UTF8_BYTES_PER_CHAR = 3;
