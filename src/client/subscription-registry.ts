/** One subscribe request that restores a group of held symbols. */
export interface SubscriptionGroup {
  /** The throttle the user asked for; `undefined` = the server's floor. */
  readonly throttleMs: number | undefined;
  readonly symbols: string[];
}

/**
 * The symbols the user holds and the throttle asked for each: what the client
 * restores after a reconnect. The throttle asked for is kept (not the
 * effective one of the reply), so a server with another floor applies its own.
 */
export class SubscriptionRegistry {
  private readonly throttles = new Map<string, number | undefined>();

  add(symbols: readonly string[], throttleMs: number | undefined): void {
    for (const symbol of symbols) this.throttles.set(symbol, throttleMs);
  }

  remove(symbols: readonly string[]): void {
    for (const symbol of symbols) this.throttles.delete(symbol);
  }

  has(symbol: string): boolean {
    return this.throttles.has(symbol);
  }

  get size(): number {
    return this.throttles.size;
  }

  /** Held symbols and their throttles, in subscription order. */
  entries(): ReadonlyMap<string, number | undefined> {
    return this.throttles;
  }

  /**
   * The held symbols as subscribe requests: one group per throttle, split so
   * that no request's JSON exceeds `maxFrameBytes` (the server closes with
   * 1009 above its `maxMessageBytes`).
   */
  groups(maxFrameBytes: number): SubscriptionGroup[] {
    const byThrottle = new Map<number | undefined, string[]>();
    for (const [symbol, throttleMs] of this.throttles) {
      const list = byThrottle.get(throttleMs);
      if (list) list.push(symbol);
      else byThrottle.set(throttleMs, [symbol]);
    }
    const groups: SubscriptionGroup[] = [];
    for (const [throttleMs, symbols] of byThrottle) {
      let chunk: string[] = [];
      let bytes = REQUEST_OVERHEAD_BYTES;
      for (const symbol of symbols) {
        const size = symbol.length * MAX_UTF8_BYTES_PER_CHAR + SYMBOL_OVERHEAD_BYTES;
        if (chunk.length > 0 && bytes + size > maxFrameBytes) {
          groups.push({ throttleMs, symbols: chunk });
          chunk = [];
          bytes = REQUEST_OVERHEAD_BYTES;
        }
        chunk.push(symbol);
        bytes += size;
      }
      if (chunk.length > 0) groups.push({ throttleMs, symbols: chunk });
    }
    return groups;
  }
}

/** `{"op":"subscribe","symbols":[],"throttleMs":60000,"id":123456789}` with room to spare. */
const REQUEST_OVERHEAD_BYTES = 96;
/** Quotes and comma around each symbol. */
const SYMBOL_OVERHEAD_BYTES = 3;
/** Symbols are ASCII by the protocol; this is a bound for anything else. */
const MAX_UTF8_BYTES_PER_CHAR = 3;
