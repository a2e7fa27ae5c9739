import type {
  ErrorCode,
  ErrorMessage,
  FieldProblem,
  RequestId,
  SymbolProblem,
} from '../protocol/index.js';

/** Base class of every error the client produces. */
export class TickstreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The server answered a request with an `error` frame. */
export class TickstreamRequestError extends TickstreamError {
  readonly code: ErrorCode;
  readonly id: RequestId | undefined;
  /** Offending symbols, for symbol errors. */
  readonly symbols: readonly string[];
  readonly details: ReadonlyArray<FieldProblem | SymbolProblem>;

  constructor(readonly reply: ErrorMessage) {
    super(`${reply.code}: ${reply.message}`);
    this.code = reply.code;
    this.id = reply.id;
    this.symbols = reply.symbols ?? [];
    this.details = reply.details ?? [];
  }
}

/** No reply arrived within `requestTimeoutMs`. */
export class RequestTimeoutError extends TickstreamError {
  constructor(
    readonly op: string,
    readonly id: RequestId,
    readonly timeoutMs: number,
  ) {
    super(`no reply to ${op} (id ${String(id)}) within ${timeoutMs} ms`);
  }
}

/** The request could not complete: the connection dropped or the client was closed. */
export class ConnectionLostError extends TickstreamError {}

/**
 * The client stopped connecting for good: the server refused the upgrade with
 * an HTTP status (401, 403, …) or closed with a code that must not be retried
 * blindly (1000, 1008, 1009), or reconnect attempts ran out.
 */
export class ConnectionClosedError extends TickstreamError {
  constructor(
    message: string,
    /** The WebSocket close code, when the socket closed. */
    readonly closeCode?: number,
    /** The HTTP status of a refused upgrade, when the runtime reports it (`ws` does, browsers do not). */
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}
