// Reads a script's exported `options` into what the runner needs: scenarios with their executor
// configs, thresholds, summaryTrendStats and setup/teardown timeouts. Anything the double does not
// emulate (an option, executor, scenario option or stage field) is a ConfigError naming it, so a
// script never runs with a setting silently ignored.
import { ConfigError, durationOption } from './duration.mjs';
import { COMMON_SCENARIO_KEYS, EXECUTORS } from './executors/executor.mjs';
import { TREND_STATS } from './sinks.mjs';
import { parseThresholds } from './thresholds.mjs';

const OPTIONS = new Set([
  'scenarios',
  'thresholds',
  'summaryTrendStats',
  'setupTimeout',
  'teardownTimeout',
  'vus',
  'duration',
]);
const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
const DEFAULT_GRACEFUL_STOP_MS = 30_000;
const DEFAULT_LIFECYCLE_TIMEOUT_MS = 60_000;

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} executor k6 executor name
 * @property {import('./executors/executor.mjs').Executor} implementation
 * @property {string} exec exported function it runs
 * @property {Record<string, string>} tags
 * @property {number} startTimeMs offset from the start of the test
 * @property {{ maxVus: number, describe: string, gracefulStopMs: number }} config
 * @property {object[]} vus filled in when VUs are initialized
 * @property {number} startTime epoch ms, set when it starts
 * @property {number} iterations iterations started so far (exec.scenario.iterationInTest)
 * @property {() => number} progress 0..1, set by the executor
 */

/**
 * @param {Record<string, unknown>} module the script's exports (of VU 0)
 * @returns {{ scenarios: Scenario[], thresholds: import('./thresholds.mjs').Threshold[], summaryTrendStats: string[], setupTimeoutMs: number, teardownTimeoutMs: number }}
 */
export function planTest(module) {
  const options = module.options ?? {};
  if (typeof options !== 'object') throw new ConfigError('the exported options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTIONS.has(key))
      throw new ConfigError(`option '${key}' is not emulated by the k6 test double`);
  }
  const scenarios = Object.entries(options.scenarios ?? shortcutScenarios(options)).map(
    ([name, raw]) => scenarioOf(name, raw, module),
  );
  if (scenarios.length === 0) throw new ConfigError('options.scenarios is empty');
  return {
    scenarios,
    thresholds: parseThresholds(options.thresholds),
    summaryTrendStats: trendStats(options.summaryTrendStats),
    setupTimeoutMs: durationOption(
      'setupTimeout',
      options.setupTimeout,
      DEFAULT_LIFECYCLE_TIMEOUT_MS,
    ),
    teardownTimeoutMs: durationOption(
      'teardownTimeout',
      options.teardownTimeout,
      DEFAULT_LIFECYCLE_TIMEOUT_MS,
    ),
  };
}

/** k6's shortcuts: `vus` + `duration` = constant-vus; neither = 1 VU, 1 iteration. */
function shortcutScenarios(options) {
  if (options.duration !== undefined)
    return {
      default: { executor: 'constant-vus', vus: options.vus ?? 1, duration: options.duration },
    };
  if (options.vus !== undefined && options.vus !== 1)
    throw new ConfigError('options.vus without duration (shared-iterations) is not emulated');
  return { default: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } };
}

function scenarioOf(name, raw, module) {
  const path = `scenarios.${name}`;
  if (raw === null || typeof raw !== 'object') throw new ConfigError(`${path} must be an object`);
  const implementation = EXECUTORS.get(raw.executor);
  if (implementation === undefined)
    throw new ConfigError(
      `${path}: executor '${raw.executor}' is not emulated (emulated: ${[...EXECUTORS.keys()].join(', ')})`,
    );
  for (const key of Object.keys(raw)) {
    if (!COMMON_SCENARIO_KEYS.includes(key) && !implementation.optionKeys.includes(key))
      throw new ConfigError(
        `${path}.${key} is not an option of ${raw.executor} emulated by the k6 test double`,
      );
  }
  const exec = raw.exec ?? 'default';
  if (typeof module[exec] !== 'function')
    throw new ConfigError(`${path}: function '${exec}' not found in the script's exports`);
  const config = {
    ...implementation.configure(name, raw),
    gracefulStopMs: durationOption(
      `${path}.gracefulStop`,
      raw.gracefulStop,
      DEFAULT_GRACEFUL_STOP_MS,
    ),
  };
  return {
    name,
    executor: raw.executor,
    implementation,
    exec,
    tags: Object.fromEntries(Object.entries(raw.tags ?? {}).map(([k, v]) => [k, String(v)])),
    startTimeMs: durationOption(`${path}.startTime`, raw.startTime, 0),
    config,
    vus: [],
    startTime: 0,
    iterations: 0,
    progress: () => 0,
  };
}

function trendStats(stats) {
  if (stats === undefined) return DEFAULT_TREND_STATS;
  if (!Array.isArray(stats)) throw new ConfigError('summaryTrendStats must be an array');
  for (const stat of stats) {
    if (!TREND_STATS.includes(stat) && !/^p\(\d+(\.\d+)?\)$/.test(stat))
      throw new ConfigError(`summaryTrendStats: '${stat}' is not a trend statistic`);
  }
  return stats;
}
