import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';

/** The part of the HTTP response the interceptor touches. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/** The board talks only to this service; nothing inline, nothing from elsewhere, never framed. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The one set of security headers of the ticker board. `X-Frame-Options`
 * repeats `frame-ancestors` for browsers without CSP level 2; `no-referrer`
 * keeps a `?token=` in the page's address from leaving in a `Referer`.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Sets {@link SECURITY_HEADERS} on every response of the controller it is
 * applied to, before the handler runs — so a page served under any URL, each
 * asset, and the controller's own errors (404, 503) all carry them, and no
 * route can forget them.
 */
@Injectable()
export class SecurityHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<HeaderSink>();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    return next.handle();
  }
}
