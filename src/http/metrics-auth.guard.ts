import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { extractCredential } from '../auth/index.js';
import type { MetricsToken } from '../auth/metrics-token.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { restError, RestErrorCode } from './rest-error.js';

/**
 * Who may read `/metrics`: with `METRICS_TOKEN` set, only a request with
 * `Authorization: Bearer <METRICS_TOKEN>` (the operator's scraper). Stream
 * credentials never open it: metrics describe every client's load, which is
 * not a data customer's to read. The token is accepted in the header only, so
 * it never sits in a URL that proxies log. Without `METRICS_TOKEN` the route
 * is open, as a scraper on a private network expects.
 */
@Injectable()
export class MetricsAuthGuard implements CanActivate {
  private readonly token: MetricsToken | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.token = config.auth.metricsToken;
    if (!this.token && config.auth.mode !== 'none') {
      new Logger(MetricsAuthGuard.name).warn(
        `AUTH_MODE=${config.auth.mode} but METRICS_TOKEN is unset: /metrics is open to anyone who reaches the port`,
      );
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) return true;
    const http = context.switchToHttp();
    const credential = extractCredential(http.getRequest<IncomingMessage>());
    if (credential.kind === 'token' && credential.source === 'header') {
      if (this.token.matches(credential.token)) return true;
    }
    http
      .getResponse<ServerResponse>()
      .setHeader('WWW-Authenticate', 'Bearer realm="tickstream-metrics"');
    throw restError(
      HttpStatus.UNAUTHORIZED,
      RestErrorCode.UNAUTHORIZED,
      '/metrics needs Authorization: Bearer <METRICS_TOKEN>',
    );
  }
}
