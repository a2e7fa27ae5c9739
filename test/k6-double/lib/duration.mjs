// k6 duration values: strings in Go's time.ParseDuration syntax ("500ms", "15s", "1m30s", "2h"),
// or numbers, which k6 options read as milliseconds.

const UNIT_MS = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;

/**
 * A k6 duration in ms, or `undefined` when `value` is not one.
 * @param {unknown} value
 * @returns {number | undefined}
 */
export function parseDuration(value) {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '0') return 0;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  let match;
  while ((match = PART.exec(text)) !== null) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    consumed = PART.lastIndex; // a failed sticky match resets lastIndex, so keep it here
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

/**
 * Like {@link parseDuration}, but throws a ConfigError naming the option when `value` is invalid.
 * @param {string} option option path for the message, e.g. `scenarios.smoke.duration`
 * @param {unknown} value
 * @param {number} [fallback] used when `value` is undefined
 * @returns {number}
 */
export function durationOption(option, value, fallback) {
  if (value === undefined && fallback !== undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined) throw new ConfigError(`${option}: '${value}' is not a k6 duration`);
  return ms;
}

/** Invalid options or thresholds: k6 exits with 104 before running anything. */
export class ConfigError extends Error {}
