// Readers for executor options that name the option in the ConfigError (k6 exits 104).
import { ConfigError } from '../duration.mjs';

/**
 * An integer option >= `min`, or `fallback` when absent.
 * @param {string} option path for the message, e.g. `scenarios.spike.startVUs`
 * @param {unknown} value
 * @param {number | undefined} fallback undefined = required
 * @param {number} [min]
 */
export function intOption(option, value, fallback, min = 0) {
  if (value === undefined && fallback !== undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${option} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return value;
}
