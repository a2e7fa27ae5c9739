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
  /** No such route under `/v1` (404). */
  NOT_FOUND: 'NOT_FOUND',
} as const;

export type RestErrorCode = (typeof RestErrorCode)[keyof typeof RestErrorCode];

/** Longest offending value quoted back in an error, in characters (a symbol has at most 32). */
export const MAX_QUOTED_LENGTH = 40;
/** Most offending values named in one error; the message gives the count of the rest. */
export const MAX_QUOTED_VALUES = 20;

/**
 * Offending client input as quoted back in an error: each value cut to
 * {@link MAX_QUOTED_LENGTH} characters and at most {@link MAX_QUOTED_VALUES}
 * of them, so a huge request cannot make a huge (or log-flooding) answer.
 */
export function quoted(values: readonly string[]): string[] {
  return values
    .slice(0, MAX_QUOTED_VALUES)
    .map((v) => (v.length > MAX_QUOTED_LENGTH ? `${v.slice(0, MAX_QUOTED_LENGTH)}…` : v));
}

/** `message`, followed by how many offenders {@link quoted} left out, if any. */
export function withOmitted(message: string, count: number): string {
  const omitted = count - MAX_QUOTED_VALUES;
  return omitted > 0 ? `${message} (${omitted} more not named)` : message;
}

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
