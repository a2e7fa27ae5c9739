import type { ErrorCode } from '../protocol/error-codes.js';
import type { FieldProblem, SymbolProblem } from '../protocol/messages.js';

/** A request the protocol refuses; the exception filter turns it into an `error` frame. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { symbols?: string[]; details?: Array<FieldProblem | SymbolProblem> } = {},
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
