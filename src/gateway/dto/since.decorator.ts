import { ValidateBy, type ValidationArguments } from 'class-validator';

function isSinceMap(value: unknown): value is Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((seq) => Number.isSafeInteger(seq) && (seq as number) >= 0);
}

/** Keys of `since` that are not among the request's `symbols`. */
function strayKeys(since: Record<string, number>, request: object): string[] {
  const symbols: unknown = (request as { symbols?: unknown }).symbols;
  const listed = new Set(Array.isArray(symbols) ? symbols : []);
  return Object.keys(since).filter((key) => !listed.has(key));
}

const MAX_NAMED_KEYS = 20;

/**
 * `since` (trades): an object mapping symbols of this request to the last trade
 * `seq` the client has (safe integers ≥ 0). A key not in `symbols`, or `since`
 * with `"snapshot": false` (the resumption is the snapshot), is refused.
 */
export function IsSince(): PropertyDecorator {
  return ValidateBy({
    name: 'isSince',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        if (!isSinceMap(value) || !args) return false;
        if ((args.object as { snapshot?: unknown }).snapshot === false) return false;
        return strayKeys(value, args.object).length === 0;
      },
      defaultMessage: (args?: ValidationArguments) => {
        const value: unknown = args?.value;
        if (!isSinceMap(value) || !args) {
          return 'since must be an object mapping symbols to the last trade seq held (integers >= 0)';
        }
        if ((args.object as { snapshot?: unknown }).snapshot === false) {
          return 'since resumes in the snapshot: it cannot be used with "snapshot": false';
        }
        const stray = strayKeys(value, args.object);
        return `since names symbols not in symbols: ${stray.slice(0, MAX_NAMED_KEYS).join(', ')}`;
      },
    },
  });
}
