import { WILDCARD_SYMBOL } from '../market/symbol.js';
import type { Clock } from '../shared/clock.js';
import type { ClientSession } from './client-session.js';
import type { EncodedTicker } from './encoded-ticker.js';
import type { FlushScheduler } from './flush-scheduler.js';

/**
 * Symbol → subscribed sessions. Each update arrives serialised once and is
 * offered to every subscriber; no subscriber is ever awaited, so one slow or
 * broken client cannot hold up the others.
 */
export class FanOutHub {
  private readonly bySymbol = new Map<string, Set<ClientSession>>();
  private readonly wildcard = new Set<ClientSession>();

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: FlushScheduler,
  ) {}

  /** Routes `symbols` (which may include `"*"`) to `session`. Idempotent. */
  add(session: ClientSession, symbols: readonly string[]): void {
    for (const symbol of symbols) {
      if (symbol === WILDCARD_SYMBOL) {
        this.wildcard.add(session);
        continue;
      }
      let sessions = this.bySymbol.get(symbol);
      if (!sessions) this.bySymbol.set(symbol, (sessions = new Set()));
      sessions.add(session);
    }
  }

  /** Stops routing `symbols` to `session`. Idempotent. */
  remove(session: ClientSession, symbols: Iterable<string>): void {
    for (const symbol of symbols) {
      if (symbol === WILDCARD_SYMBOL) {
        this.wildcard.delete(session);
        continue;
      }
      const sessions = this.bySymbol.get(symbol);
      if (!sessions) continue;
      sessions.delete(session);
      if (sessions.size === 0) this.bySymbol.delete(symbol);
    }
  }

  /** Removes every route of a departing session. */
  removeSession(session: ClientSession): void {
    this.remove(session, session.subscriptions.symbols());
    this.wildcard.delete(session);
  }

  /** Offers one update to every session subscribed to its symbol. */
  publish(update: EncodedTicker): void {
    const now = this.clock.now();
    const sessions = this.bySymbol.get(update.symbol);
    if (sessions) for (const session of sessions) this.deliver(session, update, now);
    for (const session of this.wildcard) this.deliver(session, update, now);
  }

  /** Number of (session, symbol) routes, the wildcard counting once per session. */
  get routeCount(): number {
    let count = this.wildcard.size;
    for (const sessions of this.bySymbol.values()) count += sessions.size;
    return count;
  }

  private deliver(session: ClientSession, update: EncodedTicker, now: number): void {
    const dueAt = session.offer(update, now);
    if (dueAt !== undefined) this.scheduler.request(session, dueAt, now);
  }
}
