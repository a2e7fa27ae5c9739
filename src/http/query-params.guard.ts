import type { IncomingMessage } from 'node:http';
import {
  HttpStatus,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { quoted, restError, RestErrorCode, withOmitted } from './rest-error.js';

/** The query parameter every REST route takes: the credential (`RestAuthGuard`). */
export const CREDENTIAL_PARAM = 'token';

const QUERY_PARAMS = Symbol('QUERY_PARAMS');

/** Names the query parameters a route takes besides `token`; a route without it takes none. */
export const QueryParams = (...names: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(QUERY_PARAMS, names);

/** An Express request: its query as parsed (`string`, or `string[]` when repeated). */
type QueryRequest = IncomingMessage & { readonly query?: Record<string, unknown> };

/**
 * Refuses with 400 `BAD_REQUEST` a query parameter the route does not take —
 * a misspelt `?symbol=AAPL` would otherwise be ignored and answer every
 * symbol — and any parameter given more than once (`?symbols=A&symbols=B`),
 * which the route would otherwise see as an array. Names are compared as
 * decoded (`%73ymbols` is `symbols`), exactly, case-sensitively.
 */
@Injectable()
export class QueryParamsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const declared =
      this.reflector.getAllAndOverride<string[] | undefined>(QUERY_PARAMS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const allowed = new Set([CREDENTIAL_PARAM, ...declared]);
    const query = context.switchToHttp().getRequest<QueryRequest>().query ?? {};
    const unknown = Object.keys(query).filter((name) => !allowed.has(name));
    if (unknown.length > 0) {
      throw restError(
        HttpStatus.BAD_REQUEST,
        RestErrorCode.BAD_REQUEST,
        withOmitted(
          `Unknown query parameters: ${quoted(unknown).join(', ')}; this route takes ${[...allowed].join(', ')}`,
          unknown.length,
        ),
      );
    }
    const repeated = Object.keys(query).filter((name) => typeof query[name] !== 'string');
    if (repeated.length > 0) {
      throw restError(
        HttpStatus.BAD_REQUEST,
        RestErrorCode.BAD_REQUEST,
        `Query parameters given more than once: ${repeated.join(', ')}; give each once` +
          (repeated.includes('symbols') ? ' (symbols is one comma-separated list)' : ''),
      );
    }
    return true;
  }
}
