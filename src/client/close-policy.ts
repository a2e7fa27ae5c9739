import { RETRYABLE_CLOSE_CODES } from '../protocol/index.js';

/**
 * Whether a connection closed with `code` should be retried with backoff
 * (protocol "Close codes"). 1000, 1008, 1009 and any code the protocol does
 * not list need a change on the client's side and are not retried.
 */
export function isRetryableClose(code: number): boolean {
  return RETRYABLE_CLOSE_CODES.has(code);
}

/**
 * Whether an upgrade refused with HTTP `status` should be retried. 401 and 403
 * (and other 4xx) need new credentials or a fixed request, so they are final;
 * 5xx (e.g. 503 when the server is full), 408 and 429 are retried with backoff.
 */
export function isRetryableRefusal(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

const UNEXPECTED_RESPONSE = /Unexpected server response: (\d{3})/;

/**
 * The HTTP status of a refused upgrade, read from the error `ws` reports
 * ("Unexpected server response: 401"). Browsers do not expose it: `undefined`.
 */
export function refusedUpgradeStatus(errorMessage: string | undefined): number | undefined {
  const match = errorMessage ? UNEXPECTED_RESPONSE.exec(errorMessage) : null;
  return match ? Number(match[1]) : undefined;
}
