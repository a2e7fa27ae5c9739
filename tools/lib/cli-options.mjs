// Command-line options for the project's plain-Node tools, on node:util's parseArgs: unknown
// options and malformed values are refused with the tool's usage line, never turned into NaN.
import { parseArgs } from 'node:util';

/** Thrown for bad command lines; a tool's main catches it, prints it and exits 2. */
export class UsageError extends Error {}

/**
 * Parses `argv` with parseArgs in strict mode (every option declared, `--name value` or
 * `--name=value`) and returns its `values` and `positionals`.
 * @param {string[]} argv
 * @param {import('node:util').ParseArgsConfig['options']} options
 * @param {string} usage
 * @param {{ allowPositionals?: boolean }} [extra]
 */
export function parseOptions(argv, options, usage, { allowPositionals = false } = {}) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  }
}

/**
 * An integer option within [min, max], or `fallback` when absent.
 * @param {string} name option name without dashes, for the message
 * @param {string | undefined} raw
 * @param {{ min: number, max: number, fallback: number }} range
 * @param {string} usage
 */
export function intOption(name, raw, { min, max, fallback }, usage) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`--${name} "${raw}": expected an integer in ${min}..${max}\n${usage}`);
  }
  return value;
}
