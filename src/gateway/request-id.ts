import type { RequestId } from '../protocol/messages.js';

/** The `id` of a raw request if it is a valid request id (string or integer), for echoing. */
export function requestIdOf(request: unknown): RequestId | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const id = (request as { id?: unknown }).id;
  return isRequestId(id) ? id : undefined;
}

/** Request ids are strings (up to 128 chars) or safe integers. */
export function isRequestId(value: unknown): value is RequestId {
  return (
    (typeof value === 'string' && value.length <= MAX_REQUEST_ID_LENGTH) ||
    Number.isSafeInteger(value)
  );
}

/** Longest accepted string id, so an echo cannot be used to amplify traffic. */
export const MAX_REQUEST_ID_LENGTH = 128;
