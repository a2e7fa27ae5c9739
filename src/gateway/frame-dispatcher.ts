import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { lastValueFrom, type Observable } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import type { Connection } from './connection.js';
import { ConnectionRegistry } from './connection-registry.js';
import { parseFrame } from './frame-parser.js';
import { requestIdOf } from './request-id.js';
import { fieldNestedTooDeep, MAX_REQUEST_DEPTH } from './request-depth.js';

/** How Nest hands a handler's result back: always an Observable. */
export type ResultTransform = (data: unknown) => Observable<unknown>;

/**
 * Takes every frame of a connection through the protocol's gates — rate
 * limit, JSON, nesting depth, `op` — before Nest's handler (with its validation pipe and
 * exception filter) runs. Frames of one connection are handled strictly in
 * order, so replies come back in request order.
 */
@Injectable()
export class FrameDispatcher {
  private readonly logger = new Logger(FrameDispatcher.name);
  private readonly queues = new WeakMap<Connection, Promise<void>>();

  constructor(
    private readonly registry: ConnectionRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Wires a new socket's messages to the gateway handlers. */
  bind(client: WebSocket, handlers: MessageMappingProperties[], transform: ResultTransform): void {
    const byOp = new Map(handlers.map((h) => [String(h.message), h]));
    client.on('message', (data: RawData, isBinary: boolean) => {
      const connection = this.registry.get(client);
      if (!connection || connection.session.isClosed) return;
      // Admission is decided on arrival; handling is queued behind earlier frames.
      const admission = connection.limiter.admit(this.clock.now());
      const previous = this.queues.get(connection) ?? Promise.resolve();
      const next = previous
        .then(() => this.handle(connection, data, isBinary, admission, byOp, transform))
        .catch((error: unknown) => this.fail(connection, error));
      this.queues.set(connection, next);
    });
  }

  private async handle(
    connection: Connection,
    data: RawData,
    isBinary: boolean,
    admission: ReturnType<Connection['limiter']['admit']>,
    byOp: Map<string, MessageMappingProperties>,
    transform: ResultTransform,
  ): Promise<void> {
    if (connection.session.isClosed) return;
    const frame = parseFrame(data, isBinary);
    const id = frame.ok ? requestIdOf(frame.value) : undefined;
    if (admission === 'abusive') {
      connection.session.close(CloseCode.RATE_LIMITED, 'request rate limit exceeded repeatedly');
      return;
    }
    if (admission === 'limited') {
      connection.sendError(id, ErrorCode.RATE_LIMITED, 'Too many requests; slow down');
      return;
    }
    if (!frame.ok) {
      connection.sendError(undefined, ErrorCode.BAD_JSON, frame.reason);
      return;
    }
    // Before anything that recurses per level (the DTO transform, the validator):
    // a frame of brackets under 16 KiB would otherwise overflow the call stack.
    const tooDeep = fieldNestedTooDeep(frame.value);
    if (tooDeep !== undefined) {
      const problem = `nested deeper than ${MAX_REQUEST_DEPTH} levels (the request is level 1)`;
      connection.sendError(id, ErrorCode.BAD_REQUEST, `${tooDeep}: ${problem}`, {
        details: [{ field: tooDeep, problem }],
      });
      return;
    }
    const op = frame.value.op;
    if (typeof op !== 'string') {
      connection.sendError(id, ErrorCode.BAD_REQUEST, 'op: must be a string', {
        details: [{ field: 'op', problem: 'op must be a string' }],
      });
      return;
    }
    const handler = byOp.get(op);
    if (!handler) {
      connection.sendError(id, ErrorCode.UNKNOWN_OP, `Unknown op "${op.slice(0, 64)}"`);
      return;
    }
    const result = await lastValueFrom(transform(handler.callback(frame.value, op)), {
      defaultValue: undefined,
    });
    if (result !== undefined && result !== null)
      connection.session.sendControl(JSON.stringify(result));
  }

  private fail(connection: Connection, error: unknown): void {
    this.logger.error(
      `connection ${connection.id}: frame handling failed`,
      error instanceof Error ? error.stack : String(error),
    );
    connection.sendError(undefined, ErrorCode.INTERNAL, 'Internal error');
  }
}
