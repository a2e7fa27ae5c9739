import { Channel, TICKER_CHANNEL } from '../../protocol/messages.js';

const CHANNELS: readonly unknown[] = Object.values(Channel);

/**
 * The channel of the protocol a request names (`ticker` when it names none), or
 * `undefined` when its `channel` is no channel of the protocol: channel-specific
 * field rules then do not apply, and the request is answered `BAD_REQUEST` (not a
 * string) or `UNKNOWN_CHANNEL` instead.
 */
export function requestChannel(request: object): Channel | undefined {
  const channel: unknown = (request as { channel?: unknown }).channel;
  const resolved = channel === undefined ? TICKER_CHANNEL : channel;
  return CHANNELS.includes(resolved) ? (resolved as Channel) : undefined;
}
