import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ErrorCode } from '../protocol/error-codes.js';
import type { FieldProblem } from '../protocol/messages.js';
import { unknownFields } from './dto/unknown-fields.js';
import { ProtocolError } from './protocol-error.js';

/** What class-validator found, carried from the exception factory to `transform`. */
class FieldProblems extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('invalid request fields');
  }
}

/**
 * class-validator on every request DTO: unknown fields are refused (not
 * ignored), no type coercion, and failures become `BAD_REQUEST` with one
 * entry per field problem — unknown fields and invalid values in one error.
 */
class ProtocolValidationPipe extends ValidationPipe {
  constructor() {
    super({
      // Unknown fields are found on the raw request's own keys (`transform`), not by
      // class-validator's whitelist: it looks at the transformed instance, which has
      // lost `__proto__`, `constructor` and `prototype` keys by then.
      whitelist: false,
      forbidNonWhitelisted: false,
      forbidUnknownValues: true,
      // One problem per field: a string throttle is a type error, not also a range error.
      stopAtFirstError: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new FieldProblems(errors.flatMap((e) => problemsOf(e))),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Read before `super.transform`, which deletes prototype keys from `value` in place.
    const unknown =
      metadata.metatype && this.toValidate(metadata) && typeof value === 'object' && value !== null
        ? unknownFields(value, metadata.metatype)
        : [];
    let problems: FieldProblem[] = unknown.map((field) => ({
      field,
      problem: `property ${field} should not exist`,
    }));
    let dto: unknown;
    try {
      dto = await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof FieldProblems)) throw error;
      problems = [...problems, ...error.problems];
    }
    if (problems.length > 0) {
      throw new ProtocolError(
        ErrorCode.BAD_REQUEST,
        problems.map((d) => `${d.field}: ${d.problem}`).join('; '),
        { details: problems },
      );
    }
    return dto;
  }
}

/** The pipe every gateway handler's request goes through. */
export function protocolValidationPipe(): ValidationPipe {
  return new ProtocolValidationPipe();
}

function problemsOf(error: ValidationError, prefix = ''): FieldProblem[] {
  const field = prefix + error.property;
  const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, `${field}.`))];
}
