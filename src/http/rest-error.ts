import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from '../protocol/error-codes.js';

/**
 * Codes of REST error bodies: the stream's own codes (`INVALID_SYMBOL`,
 * `FORBIDDEN`, …) plus the two only HTTP has, for a refused credential and an
 * overloaded credential check.
 */
export const RestErrorCode = {
  ...ErrorCode,
  /** Credentials missing, malformed, given twice, or not valid (401). */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The credential check did not finish within `AUTH_TIMEOUT_MS` (503, retry later). */
  UNAVAILABLE: 'UNAVAILABLE',
} as const;

export type RestErrorCode = (typeof RestErrorCode)[keyof typeof RestErrorCode];

/** The body of every REST error: `{"code":…,"message":…,"symbols"?:[…]}`. */
export interface RestErrorBody {
  readonly code: RestErrorCode;
  readonly message: string;
  readonly symbols?: readonly string[];
}

/** An exception Nest answers with `status` and a {@link RestErrorBody}. */
export function restError(
  status: HttpStatus,
  code: RestErrorCode,
  message: string,
  symbols?: readonly string[],
): HttpException {
  const body: RestErrorBody = { code, message, ...(symbols ? { symbols } : {}) };
  return new HttpException(body, status);
}
