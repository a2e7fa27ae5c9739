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
    // Also read before `super.transform`, which strips these keys from nested objects too.
    const prototypeKeyed =
      typeof value === 'object' && value !== null ? fieldsWithPrototypeKeys(value) : [];
    let dto: unknown;
    try {
      dto = await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof FieldProblems)) throw error;
      problems = [...problems, ...error.problems];
    }
    for (const { field, key } of prototypeKeyed) {
      if (problems.some((p) => p.field === field)) continue;
      problems.push({ field, problem: `${field} must not have a key named ${key}` });
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

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Fields whose value is an object with an own key named like a prototype
 * property: the pipe strips such keys before validation, so a map field
 * (`since`) would otherwise pass without them instead of being refused.
 */
function fieldsWithPrototypeKeys(request: object): Array<{ field: string; key: string }> {
  const found: Array<{ field: string; key: string }> = [];
  for (const [field, value] of Object.entries(request)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const key = Object.keys(value).find((k) => PROTOTYPE_KEYS.includes(k));
    if (key !== undefined) found.push({ field, key });
  }
  return found;
}

function problemsOf(error: ValidationError, prefix = ''): FieldProblem[] {
  const field = prefix + error.property;
  const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, `${field}.`))];
}
