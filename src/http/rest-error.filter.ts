import type { IncomingMessage } from 'node:http';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { restError, RestErrorCode, type RestErrorBody } from './rest-error.js';

/** Requests under this path prefix are the REST API, answered with {@link RestErrorBody}s. */
export const REST_PREFIX = '/v1/';
/** Longest framework message passed on in a REST error body, in characters. */
const MAX_MESSAGE_LENGTH = 200;

/**
 * Gives every error under `/v1/` the documented body `{"code","message"}` —
 * also those raised before a controller runs: an undecodable path parameter
 * (`/v1/tickers/%E0%A4`, Express's 400), an unknown route (Nest's 404) and any
 * unexpected error (500 `INTERNAL`, logged with its stack, never sent). Other
 * routes (health, metrics, board) keep Nest's default answers.
 */
@Catch()
export class RestErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(RestErrorFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isRestRequest(host)) return super.catch(exception, host);
    if (!(exception instanceof HttpException)) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
      return super.catch(
        restError(
          HttpStatus.INTERNAL_SERVER_ERROR,
          RestErrorCode.INTERNAL,
          'Internal server error',
        ),
        host,
      );
    }
    const body = exception.getResponse();
    if (isRestErrorBody(body)) return super.catch(exception, host);
    const status = exception.getStatus();
    return super.catch(restError(status, codeFor(status), messageOf(body)), host);
  }
}

function isRestRequest(host: ArgumentsHost): boolean {
  const request = host.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string }>();
  return (request.originalUrl ?? request.url ?? '').startsWith(REST_PREFIX);
}

function isRestErrorBody(body: unknown): body is RestErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}

function codeFor(status: number): RestErrorCode {
  switch (status) {
    case 400:
      return RestErrorCode.BAD_REQUEST;
    case 401:
      return RestErrorCode.UNAUTHORIZED;
    case 403:
      return RestErrorCode.FORBIDDEN;
    case 404:
      return RestErrorCode.NOT_FOUND;
    case 503:
      return RestErrorCode.UNAVAILABLE;
    default:
      return status >= 500 ? RestErrorCode.INTERNAL : RestErrorCode.BAD_REQUEST;
  }
}

/** Nest's `{message}` (a string or a list) or a plain string, cut to a bounded length. */
function messageOf(body: unknown): string {
  const raw =
    typeof body === 'string'
      ? body
      : typeof body === 'object' && body !== null && 'message' in body
        ? [(body as { message: unknown }).message].flat().join('; ')
        : 'Request failed';
  return raw.length > MAX_MESSAGE_LENGTH ? `${raw.slice(0, MAX_MESSAGE_LENGTH)}…` : raw;
}
