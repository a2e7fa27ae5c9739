import { ErrorCode, Op, type SubscribeRequest } from '../protocol/index.js';
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
 * throttle, without user code. Subscribe is atomic on the server, so a symbol
 * the new server refuses (e.g. no longer listed) would sink its whole group:
 * such symbols are dropped from the registry, reported as an `error` event,
 * and the rest of the group is sent once more.
 */
export class Resubscriber {
  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly requests: RequestTracker,
    private readonly io: ResubscriberIo,
  ) {}

  /** Sends the subscribe requests; `maxMessageBytes` is the new server's frame limit. */
  restore(maxMessageBytes: number): void {
    for (const group of this.registry.groups(maxMessageBytes)) this.send(group, true);
  }

  private send(group: SubscriptionGroup, mayRetry: boolean): void {
    const request: SubscribeRequest = { op: Op.SUBSCRIBE, symbols: group.symbols };
    if (group.throttleMs !== undefined) request.throttleMs = group.throttleMs;
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
      this.registry.remove(error.symbols);
      const refused = new Set(error.symbols);
      const rest = group.symbols.filter((symbol) => !refused.has(symbol));
      if (mayRetry && rest.length > 0 && rest.length < group.symbols.length) {
        this.send({ throttleMs: group.throttleMs, symbols: rest }, false);
      }
    });
  }
}
