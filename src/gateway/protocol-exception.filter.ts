import { Catch, Logger, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { ErrorCode } from '../protocol/error-codes.js';
import { ConnectionRegistry } from './connection-registry.js';
import { ProtocolError } from './protocol-error.js';
import { requestIdOf } from './request-id.js';

/**
 * Every exception of a message handler becomes an `error` frame on that
 * connection. Nest's default WS exception path emits an event the `ws` adapter
 * never sends, which would leave the client waiting forever.
 */
@Catch()
export class ProtocolExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger(ProtocolExceptionFilter.name);

  constructor(private readonly registry: ConnectionRegistry) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const connection = this.registry.get(ws.getClient<WebSocket>());
    if (!connection) return;
    const id = requestIdOf(ws.getData<unknown>());
    if (exception instanceof ProtocolError) {
      connection.sendError(id, exception.code, exception.message, exception.extra);
      return;
    }
    this.logger.error(
      `connection ${connection.id}: unexpected handler failure`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    connection.sendError(id, ErrorCode.INTERNAL, 'Internal error');
  }
}
