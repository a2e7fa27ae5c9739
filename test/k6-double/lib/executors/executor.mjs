// The executors the double emulates, by k6 name, and the options every scenario accepts.
import { constantVus } from './constant-vus.mjs';
import { perVuIterations } from './per-vu-iterations.mjs';
import { rampingVus } from './ramping-vus.mjs';

/**
 * @typedef {object} ScenarioRunner what an executor drives its VUs with
 * @property {(vu: object) => Promise<string>} iterate runs one iteration; resolves with its outcome
 * @property {(vu: object, active: boolean) => void} setActive counts the VU in `vus`
 */
/**
 * @typedef {object} Executor
 * @property {string[]} optionKeys the executor's own scenario options
 * @property {(name: string, options: Record<string, unknown>) => { maxVus: number, describe: string }} configure
 *   validates the options (throws ConfigError) and returns the executor's config
 * @property {(scenario: object, runner: ScenarioRunner) => Promise<void>} run
 */

/** @type {Map<string, Executor>} */
export const EXECUTORS = new Map([
  ['constant-vus', constantVus],
  ['per-vu-iterations', perVuIterations],
  ['ramping-vus', rampingVus],
]);

/** Scenario options common to all executors (k6 also has `env`, not emulated). */
export const COMMON_SCENARIO_KEYS = ['executor', 'exec', 'startTime', 'gracefulStop', 'tags'];
