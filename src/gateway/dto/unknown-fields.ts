import { getMetadataStorage } from 'class-validator';

/** A request DTO class. */
export type DtoClass = abstract new (...args: never[]) => unknown;

const declared = new WeakMap<DtoClass, ReadonlySet<string>>();

/**
 * The own keys of the raw `request` that `dto` does not declare (has no
 * validation rule for), in request order. It must run on the object
 * `JSON.parse` made, before any transformation: Nest's ValidationPipe deletes
 * `__proto__`, `constructor` and `prototype` keys and class-transformer skips
 * the first two, so class-validator's whitelist never sees them and would let
 * them through.
 */
export function unknownFields(request: object, dto: DtoClass): string[] {
  const fields = declaredFields(dto);
  return Object.keys(request).filter((key) => !fields.has(key));
}

/** The properties `dto` and its parents have rules for, read once per class. */
export function declaredFields(dto: DtoClass): ReadonlySet<string> {
  let fields = declared.get(dto);
  if (!fields) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    fields = new Set(rules.map((rule) => rule.propertyName));
    declared.set(dto, fields);
  }
  return fields;
}
