import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type HttpException,
} from '@nestjs/common';
import { AUTH_CORE, RETRY_AFTER_S, type AuthCore, type AuthResult } from '../auth/index.js';
import { attachPrincipal } from './request-principal.js';
import { restError, RestErrorCode } from './rest-error.js';

/** An Express request: Node's, plus the URL as received (`url` may be rewritten by routing). */
type RestRequest = IncomingMessage & { readonly originalUrl?: string };

/**
 * Decides who makes a REST request with the stream's own rules: the same
 * `Authenticator` (origin, one credential — `Authorization: Bearer` or
 * `?token=`, never both or twice — verified within `AUTH_TIMEOUT_MS`), so a
 * credential cannot read over HTTP what it may not subscribe to. Refusals are
 * JSON: 401 `UNAUTHORIZED` (with `WWW-Authenticate`), 403 `FORBIDDEN`
 * (origin), 503 `UNAVAILABLE` (with `Retry-After`).
 */
@Injectable()
export class RestAuthGuard implements CanActivate {
  constructor(@Inject(AUTH_CORE) private readonly core: AuthCore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<RestRequest>();
    const result = await this.core.authenticator.authenticate({
      headers: request.headers,
      rawHeaders: request.rawHeaders,
      url: request.originalUrl ?? request.url,
    });
    if (!result.ok) throw refusal(result, http.getResponse<ServerResponse>());
    attachPrincipal(request, result.principal);
    return true;
  }
}

function refusal(
  result: Extract<AuthResult, { ok: false }>,
  response: ServerResponse,
): HttpException {
  switch (result.status) {
    case 401:
      response.setHeader('WWW-Authenticate', 'Bearer realm="tickstream"');
      return restError(
        HttpStatus.UNAUTHORIZED,
        RestErrorCode.UNAUTHORIZED,
        `Credentials refused: ${result.reason}`,
      );
    case 403:
      return restError(HttpStatus.FORBIDDEN, RestErrorCode.FORBIDDEN, 'Origin not allowed');
    case 503:
      response.setHeader('Retry-After', String(RETRY_AFTER_S));
      return restError(
        HttpStatus.SERVICE_UNAVAILABLE,
        RestErrorCode.UNAVAILABLE,
        'Credential check overloaded; retry later',
      );
  }
}
