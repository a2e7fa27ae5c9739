// check(): every named condition becomes a sample of the `checks` Rate (tag `check` = its name),
// and passes/fails are tallied per name for the summary's root_group, as k6 does.
import { builtin } from './builtin-metrics.mjs';
import { addSample, sampleTags } from './metric-registry.mjs';
import { requireIteration } from './vu-context.mjs';

/** @type {Map<string, { passes: number, fails: number }>} by check name, first seen first */
export const checkResults = new Map();

/**
 * k6's check(value, sets, tags): runs each condition on `value`; true when all passed.
 * A condition that throws ends the iteration with that error, as in k6.
 * @param {unknown} value
 * @param {Record<string, unknown>} sets name -> predicate (or a plain truthy/falsy value)
 * @param {Record<string, unknown>} [tags]
 * @returns {boolean}
 */
export function check(value, sets, tags = {}) {
  const iteration = requireIteration('check()');
  let allPassed = true;
  for (const [name, condition] of Object.entries(sets ?? {})) {
    const passed = Boolean(typeof condition === 'function' ? condition(value) : condition);
    allPassed &&= passed;
    if (!iteration.active) continue; // an ended iteration records nothing more
    addSample(builtin.checks, passed ? 1 : 0, sampleTags(iteration, { ...tags, check: name }));
    const result = checkResults.get(name) ?? { passes: 0, fails: 0 };
    if (passed) result.passes++;
    else result.fails++;
    checkResults.set(name, result);
  }
  return allPassed;
}
