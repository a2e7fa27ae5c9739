import { ValidateIf } from 'class-validator';

/**
 * The field may be left out; when it is present it is validated — `null`
 * included. class-validator's `@IsOptional()` would skip `null` too and so
 * treat it as absent, which the protocol forbids (types are never coerced).
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined);
}
