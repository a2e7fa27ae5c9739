import { Channel, ErrorCode, Op, type SubscribeRequest } from '../protocol/index.js';
import { ConnectionLostError, TickstreamError, TickstreamRequestError } from './client-errors.js';
import type { RequestTracker } from './request-tracker.js';
import type { SubscriptionGroup, SubscriptionRegistry } from './subscription-registry.js';

/** Errors that name symbols the new server will not take (the request changed nothing). */
const SYMBOL_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.INVALID_SYMBOL,
  ErrorCode.UNKNOWN_SYMBOL,
  ErrorCode.FORBIDDEN,
]);

/** Where the resubscriber writes frames and reports what it could not restore. */
export interface ResubscriberIo {
  send(frame: string): boolean;
  error(error: TickstreamError): void;
}

/**
 * Restores every held subscription on a new connection, one subscribe per
 * channel and parameters (throttle, interval, depth …), without user code.
 * Trades resume: each symbol's request names the last `seq` seen (`since`), so
 * the snapshot holds exactly the trades missed while disconnected.
 *
 * Subscribe is atomic on the server, so a symbol the new server refuses (e.g. no
 * longer listed) would sink its whole group: such symbols are dropped from the
 * registry, reported as an `error` event, and the rest of the group is sent once more.
 */
export class Resubscriber {
  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly requests: RequestTracker,
    private readonly io: ResubscriberIo,
  ) {}

  /**
   * Sends the subscribe requests; `maxMessageBytes` is the new server's frame limit,
   * `sinceOf` a trades symbol's last seen `seq`.
   */
  restore(maxMessageBytes: number, sinceOf: (symbol: string) => number | undefined): void {
    for (const group of this.registry.groups(maxMessageBytes, sinceOf)) this.send(group, true);
  }

  private send(group: SubscriptionGroup, mayRetry: boolean): void {
    const request = toRequest(group);
    const { frame, reply } = this.requests.track(request, true);
    this.io.send(frame);
    reply.catch((error: unknown) => {
      // A dropped connection is restored again by the next one.
      if (error instanceof ConnectionLostError) return;
      if (!(error instanceof TickstreamError)) {
        this.io.error(new TickstreamError(`resubscribe failed: ${String(error)}`));
        return;
      }
      this.io.error(error);
      if (!(error instanceof TickstreamRequestError) || !SYMBOL_ERRORS.has(error.code)) return;
      this.registry.remove(group.channel, error.symbols, group.interval);
      const refused = new Set(error.symbols);
      const rest = group.symbols.filter((symbol) => !refused.has(symbol));
      if (mayRetry && rest.length > 0 && rest.length < group.symbols.length) {
        this.send(withSymbols(group, rest), false);
      }
    });
  }
}

/** The subscribe request of a group; `ticker` ones leave `channel` to its default, as v1 clients did. */
function toRequest(group: SubscriptionGroup): SubscribeRequest {
  const request: SubscribeRequest = { op: Op.SUBSCRIBE, symbols: group.symbols };
  if (group.channel !== Channel.TICKER) request.channel = group.channel;
  if (group.throttleMs !== undefined) request.throttleMs = group.throttleMs;
  if (group.interval !== undefined) request.interval = group.interval;
  if (group.history !== undefined) request.history = group.history;
  if (group.depth !== undefined) request.depth = group.depth;
  if (group.since !== undefined) request.since = group.since;
  return request;
}

/** `group` narrowed to `symbols`, its `since` with them. */
function withSymbols(group: SubscriptionGroup, symbols: string[]): SubscriptionGroup {
  const { since, ...params } = group;
  if (since === undefined) return { ...params, symbols };
  const kept = Object.entries(since).filter(([symbol]) => symbols.includes(symbol));
  return kept.length > 0
    ? { ...params, symbols, since: Object.fromEntries(kept) }
    : { ...params, symbols };
}
