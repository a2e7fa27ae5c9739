import type { Ticker } from '../market/ticker.js';

interface Held {
  readonly ticker: Ticker;
  /** The connection (welcome `sessionId`) the ticker came on. */
  readonly session: string;
}

/**
 * Drops tickers that are not newer than the one held for their symbol.
 *
 * Within one connection `seq` decides. A new connection (a new `sessionId`)
 * may reach another server process whose `seq` restarted, so until a symbol's
 * first ticker on the new connection arrives, newness is judged by `ts`
 * (protocol, "A ticker is full state"): the snapshot after a reconnect to the
 * same process repeats the held ticker and is dropped, a restarted process's
 * `seq` 1 with a later `ts` is taken.
 */
export class TickerFilter {
  private session = '';
  private readonly held = new Map<string, Held>();

  /** Starts judging tickers of a new connection. */
  startSession(sessionId: string): void {
    this.session = sessionId;
  }

  /** Whether `ticker` is newer than the one held; if so it becomes the held one. */
  accept(ticker: Ticker): boolean {
    const previous = this.held.get(ticker.symbol);
    if (previous) {
      const newer =
        previous.session === this.session
          ? ticker.seq > previous.ticker.seq
          : ticker.ts > previous.ticker.ts;
      if (!newer) return false;
    }
    this.held.set(ticker.symbol, { ticker, session: this.session });
    return true;
  }

  /** The newest ticker held for `symbol`. */
  latest(symbol: string): Ticker | undefined {
    return this.held.get(symbol)?.ticker;
  }

  forget(symbols: readonly string[]): void {
    for (const symbol of symbols) this.held.delete(symbol);
  }
}
