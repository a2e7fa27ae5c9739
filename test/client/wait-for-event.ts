import type { TickstreamClient, TickstreamClientEvents } from '../../src/client/index.js';

/** Default wait for an expected client event, ms. */
export const EVENT_TIMEOUT_MS = 10_000;

/**
 * Resolves with the next `event` of `client` whose payload matches `where`;
 * rejects after `timeoutMs`. Tests wait on events, never on fixed sleeps.
 */
export function waitForEvent<K extends keyof TickstreamClientEvents>(
  client: TickstreamClient,
  event: K,
  where: (payload: TickstreamClientEvents[K]) => boolean = () => true,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<TickstreamClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${String(event)}"`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Resolves once `condition()` holds, checked on each `event`; rejects after `timeoutMs`. */
export async function until<K extends keyof TickstreamClientEvents>(
  client: TickstreamClient,
  event: K,
  condition: () => boolean,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<void> {
  if (condition()) return;
  await waitForEvent(client, event, () => condition(), timeoutMs);
}
