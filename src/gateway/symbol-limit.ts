import { ErrorCode } from '../protocol/error-codes.js';
import { TICKER_CHANNEL, type Channel } from '../protocol/messages.js';
import type { Connection } from './connection.js';
import { ProtocolError } from './protocol-error.js';

/**
 * Throws `TOO_MANY_SYMBOLS` when `count` subscriptions on `channel` would pass the
 * connection's `maxSymbols`, which bounds each channel separately (each candle
 * interval of a symbol counting as one).
 */
export function assertWithinMaxSymbols(
  connection: Connection,
  channel: Channel,
  count: number,
): void {
  const max = connection.grant.maxSymbols;
  if (count <= max) return;
  const what = channel === TICKER_CHANNEL ? 'symbols' : `${channel} subscriptions`;
  throw new ProtocolError(
    ErrorCode.TOO_MANY_SYMBOLS,
    `At most ${max} ${what} per connection (this request would make ${count})`,
  );
}

/** `{id}` when the request has one, to spread into its reply. */
export function idOf(request: { id?: string | number }): { id?: string | number } {
  return request.id === undefined ? {} : { id: request.id };
}
