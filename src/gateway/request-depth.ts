/**
 * Deepest nesting a request may have, the request object itself being level 1.
 * Protocol requests need 2 (`{"symbols":["A"]}`); 32 leaves room for any
 * future field while keeping every later step — the DTO transform and the
 * validator recurse once per level — far from the call stack's limit.
 */
export const MAX_REQUEST_DEPTH = 32;

/**
 * The first top-level field of `request` under which objects or arrays nest
 * deeper than `limit` levels, or `undefined`. The walk keeps its own stack
 * (no recursion, so no depth can overflow it) and stops at the first level
 * past the limit; it costs one visit per object or array in the frame.
 */
export function fieldNestedTooDeep(
  request: Readonly<Record<string, unknown>>,
  limit: number = MAX_REQUEST_DEPTH,
): string | undefined {
  for (const field of Object.keys(request)) {
    if (nestsDeeperThan(request[field], 2, limit)) return field;
  }
  return undefined;
}

/** Whether `value`, found at `level`, holds objects or arrays deeper than `limit`. */
function nestsDeeperThan(value: unknown, level: number, limit: number): boolean {
  if (!isContainer(value)) return false;
  const containers: object[] = [value];
  const levels: number[] = [level];
  while (containers.length > 0) {
    const current = containers.pop()!;
    const depth = levels.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(current)) {
      // Only containers go on the stack: a list of 500 symbols costs no pushes.
      if (isContainer(child)) {
        containers.push(child);
        levels.push(depth + 1);
      }
    }
  }
  return false;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
