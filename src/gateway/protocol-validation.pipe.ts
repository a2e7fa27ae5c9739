import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode } from '../protocol/error-codes.js';
import type { FieldProblem } from '../protocol/messages.js';
import { ProtocolError } from './protocol-error.js';

/**
 * class-validator on every request DTO: unknown fields are refused (not
 * ignored), no type coercion, and failures become `BAD_REQUEST` with one
 * entry per field problem.
 */
export function protocolValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // One problem per field: a string throttle is a type error, not also a range error.
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = errors.flatMap((e) => problemsOf(e));
      return new ProtocolError(
        ErrorCode.BAD_REQUEST,
        details.map((d) => `${d.field}: ${d.problem}`).join('; '),
        {
          details,
        },
      );
    },
  });
}

function problemsOf(error: ValidationError, prefix = ''): FieldProblem[] {
  const field = prefix + error.property;
  const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, `${field}.`))];
}
