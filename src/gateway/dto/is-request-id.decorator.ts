import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isRequestId, MAX_REQUEST_ID_LENGTH } from '../request-id.js';

/** `id`: a string of at most 128 characters, or a safe integer. */
export function IsRequestId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRequestId',
      validator: {
        validate: (value: unknown) => isRequestId(value),
        defaultMessage: () =>
          `id must be a string (at most ${MAX_REQUEST_ID_LENGTH} characters) or an integer`,
      },
    },
    options,
  );
}
