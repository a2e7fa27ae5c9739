import { Channel, Op, type ClientRequest, type SubscribeRequest } from '../protocol/index.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { BookKeeper } from './book-keeper.js';
import type { ClientClock } from './client-clock.js';
import { ConnectionLostError, TickstreamError } from './client-errors.js';
import type { SubscriptionRegistry } from './subscription-registry.js';

/** How the resyncer talks to the server and reports what failed. */
export interface BookResyncerIo {
  /** Sends a request; the promise settles with its reply (or rejects). */
  request(request: ClientRequest): Promise<unknown>;
  error(error: TickstreamError): void;
}

/**
 * Gets a fresh snapshot for a book whose checksum did not match: the contract's
 * way is to unsubscribe and subscribe again (a subscribe of a held book would only
 * change its throttle). The subscribe takes the parameters the user asked for.
 *
 * A book that mismatches again before any update applied cleanly is resynced after
 * the reconnect backoff (growing per attempt), so a server that keeps sending a bad
 * book is not asked for snapshots in a tight loop.
 */
export class BookResyncer {
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly books: BookKeeper,
    private readonly registry: SubscriptionRegistry,
    private readonly clock: ClientClock,
    private readonly backoff: BackoffOptions,
    private readonly random: () => number,
    private readonly io: BookResyncerIo,
  ) {}

  /** Starts a resync of `symbol`'s book, unless one is already under way. */
  resync(symbol: string): void {
    if (!this.books.beginResync(symbol)) return;
    const attempt = this.attempts.get(symbol) ?? 0;
    this.attempts.set(symbol, attempt + 1);
    if (attempt === 0) {
      void this.run(symbol);
      return;
    }
    const delayMs = backoffDelay(attempt - 1, this.backoff, this.random);
    this.timers.set(
      symbol,
      this.clock.setTimeout(() => {
        this.timers.delete(symbol);
        void this.run(symbol);
      }, delayMs),
    );
  }

  /** An update of `symbol` applied cleanly: its next mismatch is resynced at once. */
  healthy(symbol: string): void {
    this.attempts.delete(symbol);
  }

  /** The connection dropped: the resubscription brings fresh snapshots, no resync waits. */
  disconnected(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private async run(symbol: string): Promise<void> {
    try {
      await this.io.request({ op: Op.UNSUBSCRIBE, channel: Channel.BOOK, symbols: [symbol] });
      // The user may have dropped the book meanwhile: then it stays dropped.
      if (!this.books.has(symbol)) return;
      const held = this.registry.get(Channel.BOOK, symbol);
      const request: SubscribeRequest = {
        op: Op.SUBSCRIBE,
        channel: Channel.BOOK,
        symbols: [symbol],
      };
      const depth = held?.depth ?? this.books.depthOf(symbol);
      if (depth !== undefined) request.depth = depth;
      if (held?.throttleMs !== undefined) request.throttleMs = held.throttleMs;
      await this.io.request(request);
    } catch (error) {
      // A dropped connection resubscribes every book anyway.
      if (error instanceof ConnectionLostError) return;
      this.io.error(
        error instanceof TickstreamError
          ? error
          : new TickstreamError(`book resync of ${symbol} failed: ${String(error)}`),
      );
    } finally {
      this.books.endResync(symbol);
    }
  }
}
