// @ts-check
// The batching policy the Node baselines share with the service: per client the latest
// value of each symbol, one write per client every `batchMs` with each symbol at most
// once, and a second value of a symbol already pending writes the batch first, so
// nothing is lost. A client may hold its batch back (slow consumer); it stays pending
// and is retried on the next batch.

/**
 * @template T
 * @typedef {object} BatchClient
 * @property {Map<string, T>} pending  symbol → latest value not yet written
 * @property {() => boolean} flush     writes `pending`; false when held back
 */

/** @template T */
export class BatchedFanOut {
  /** @type {Map<string, Set<BatchClient<T>>>} */
  #bySymbol = new Map();
  /** @type {Map<BatchClient<T>, Set<string>>} */
  #symbolsOf = new Map();
  /** @type {Set<BatchClient<T>>} */
  #dirty = new Set();
  /** @type {NodeJS.Timeout | undefined} */
  #timer;

  /** @param {number} batchMs */
  constructor(batchMs) {
    this.batchMs = batchMs;
  }

  /**
   * Routes the string entries of `symbols` to `client`.
   * @param {BatchClient<T>} client
   * @param {unknown[]} symbols
   */
  subscribe(client, symbols) {
    let mine = this.#symbolsOf.get(client);
    if (!mine) this.#symbolsOf.set(client, (mine = new Set()));
    for (const symbol of symbols) {
      if (typeof symbol !== 'string') continue;
      mine.add(symbol);
      let set = this.#bySymbol.get(symbol);
      if (!set) this.#bySymbol.set(symbol, (set = new Set()));
      set.add(client);
    }
  }

  /** @param {BatchClient<T>} client  a client that went away */
  remove(client) {
    for (const symbol of this.#symbolsOf.get(client) ?? []) this.#bySymbol.get(symbol)?.delete(client);
    this.#symbolsOf.delete(client);
    this.#dirty.delete(client);
    client.pending.clear();
  }

  /**
   * One new value of `symbol` for every client subscribed to it.
   * @param {string} symbol
   * @param {T} value
   */
  offer(symbol, value) {
    const clients = this.#bySymbol.get(symbol);
    if (!clients) return;
    for (const client of clients) {
      if (client.pending.has(symbol)) client.flush();
      client.pending.set(symbol, value);
      this.#dirty.add(client);
    }
    this.#timer ??= setTimeout(this.#flushAll, this.batchMs);
  }

  #flushAll = () => {
    this.#timer = undefined;
    for (const client of this.#dirty) if (client.flush()) this.#dirty.delete(client);
    if (this.#dirty.size > 0) this.#timer = setTimeout(this.#flushAll, this.batchMs);
  };
}
