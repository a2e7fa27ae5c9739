/** Default bound on {@link settle}, in ms. */
export const SETTLE_TIMEOUT_MS = 5000;
/** Pause between two reads, in ms: the state read is the server's, with no event to wait on. */
const RETRY_MS = 25;

/**
 * Reads `read` until `accept` holds or `timeoutMs` has passed, and returns the
 * last value either way, so the caller's assertion shows what was seen. For
 * state with no event to wait on (a gauge in `/metrics` after the server
 * finishes closing sockets); bounded, never a fixed sleep.
 */
export async function settle<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = SETTLE_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
