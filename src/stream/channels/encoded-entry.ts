/**
 * One entry of a channel frame's `data` array (a trade, a candle, a book entry),
 * serialised once and shared by every recipient: queues hold references to it and
 * frames are concatenated from its `json`.
 */
export interface EncodedEntry {
  /**
   * What the entry belongs to in a session's subscriptions: the symbol, or
   * `symbol interval` on `candles`. Unsubscribing drops queued entries by key.
   */
  readonly key: string;
  readonly symbol: string;
  readonly json: string;
  /** UTF-8 length of `json`, in bytes: measured once here, summed per frame. */
  readonly bytes: number;
}

/** Serialises `value` once, keyed by its symbol unless `key` is given. */
export function encodeEntry(value: { readonly symbol: string }, key = value.symbol): EncodedEntry {
  const json = JSON.stringify(value);
  return { key, symbol: value.symbol, json, bytes: Buffer.byteLength(json) };
}

/**
 * Encodings of immutable domain objects (retained trades, candle states), so an
 * object serialised for live delivery is not serialised again for a snapshot. Held
 * weakly: an entry lives exactly as long as the domain keeps its object.
 */
export class EncodingCache<T extends object, E extends EncodedEntry = EncodedEntry> {
  private readonly cache = new WeakMap<T, E>();

  constructor(private readonly encode: (value: T) => E) {}

  /** The encoding of `value`, made on first use. */
  of(value: T): E {
    let entry = this.cache.get(value);
    if (!entry) {
      entry = this.encode(value);
      this.cache.set(value, entry);
    }
    return entry;
  }
}
