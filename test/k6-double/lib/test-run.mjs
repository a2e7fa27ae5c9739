// The life of a test run, in k6's order: init VU 0 (options), init every VU, setup(), the
// scenarios (concurrently, each from its startTime), teardown(), thresholds, summary. Resolves
// with k6's exit code.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtin } from './builtin-metrics.mjs';
import { ConfigError } from './duration.mjs';
import { delay } from './executors/timing.mjs';
import { ExitCode } from './exit-codes.mjs';
import { runLifecycle } from './lifecycle.mjs';
import { log } from './log.mjs';
import { addSample } from './metric-registry.mjs';
import { planTest } from './plan.mjs';
import { describeError, runIteration, setActive } from './run-iteration.mjs';
import { runState, testRunDurationMs } from './run-state.mjs';
import { buildSummaryData } from './summary-data.mjs';
import { writeSummary } from './summary-output.mjs';
import { textSummary } from './text-summary.mjs';
import { evaluateThresholds } from './thresholds.mjs';
import { initVu } from './vu-pool.mjs';

/**
 * Runs a k6 script.
 * @param {{ script: string, summaryDataPath?: string }} options
 * @returns {Promise<number>} exit code
 */
export async function runTest({ script, summaryDataPath }) {
  const scriptUrl = pathToFileURL(resolve(script)).href;
  let vu0;
  let plan;
  try {
    vu0 = await initVu(0, scriptUrl);
    plan = planTest(vu0.module);
    let nextId = 1;
    for (const scenario of plan.scenarios) {
      for (let i = 0; i < scenario.config.maxVus; i++)
        scenario.vus.push(await initVu(nextId++, scriptUrl));
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      log('error', error.message);
      return ExitCode.INVALID_CONFIG;
    }
    log('error', `script error in the init context: ${describeError(error)}`);
    return ExitCode.SCRIPT_EXCEPTION;
  }
  addSample(builtin.vusMax, runState.vusInitialized, {});
  for (const scenario of plan.scenarios)
    log('info', `scenario ${scenario.name}: ${scenario.executor}, ${scenario.config.describe}`);

  runState.startedAt = Date.now();
  const setup = await runLifecycle(vu0, 'setup', [], plan.setupTimeoutMs);
  if (setup.outcome === 'error') {
    log('error', `setup() failed: ${describeError(setup.error)}`);
    return ExitCode.SCRIPT_EXCEPTION;
  }
  if (setup.outcome === 'timeout') {
    log('error', `setup() execution timed out after ${plan.setupTimeoutMs / 1000} seconds`);
    return ExitCode.SETUP_TIMEOUT;
  }
  // k6 hands every VU its own copy of setup()'s result, through JSON.
  const setupJson = JSON.stringify(setup.value);
  const copyOfSetupData = () => (setupJson === undefined ? undefined : JSON.parse(setupJson));
  for (const scenario of plan.scenarios)
    for (const vu of scenario.vus) vu.setupData = copyOfSetupData();

  await Promise.all(plan.scenarios.map(runScenario));

  let code = ExitCode.OK;
  const teardown = await runLifecycle(vu0, 'teardown', [copyOfSetupData()], plan.teardownTimeoutMs);
  if (teardown.outcome === 'error') {
    log('error', `teardown() failed: ${describeError(teardown.error)}`);
    code = ExitCode.SCRIPT_EXCEPTION;
  } else if (teardown.outcome === 'timeout') {
    log('error', `teardown() execution timed out after ${plan.teardownTimeoutMs / 1000} seconds`);
    code = ExitCode.TEARDOWN_TIMEOUT;
  }

  const durationMs = testRunDurationMs();
  evaluateThresholds(plan.thresholds, durationMs);
  const data = buildSummaryData({
    thresholds: plan.thresholds,
    summaryTrendStats: plan.summaryTrendStats,
    durationMs,
    setupData: copyOfSetupData(),
  });
  const summary = await writeSummary(vu0.module, data, () =>
    textSummary({ script, data, thresholds: plan.thresholds, state: runState }),
  );
  const crossed = [...new Set(plan.thresholds.filter((t) => !t.ok).map((t) => t.metricKey))];
  if (crossed.length > 0) {
    log('error', `thresholds on metrics '${crossed.join(', ')}' have been crossed`);
    if (code === ExitCode.OK) code = ExitCode.THRESHOLDS_FAILED;
  }
  if (summaryDataPath)
    writeFileSync(
      summaryDataPath,
      JSON.stringify(
        { ...data, k6double: runReport(script, code, summary, plan.thresholds) },
        null,
        2,
      ),
    );
  return code;
}

/** @param {import('./plan.mjs').Scenario} scenario */
async function runScenario(scenario) {
  await delay(scenario.startTimeMs);
  scenario.startTime = Date.now();
  await scenario.implementation.run(scenario, {
    iterate: (vu) => runIteration(vu, scenario),
    setActive,
  });
}

/** What the double adds to --summary-data: how the run went, beyond k6's summary data. */
function runReport(script, exitCode, summary, thresholds) {
  return {
    script,
    exitCode,
    summary,
    iterations: {
      complete: runState.iterationsCompleted,
      errors: runState.iterationErrors,
      interrupted: runState.iterationsInterrupted,
    },
    unhandledRejections: runState.unhandledRejections,
    vus: runState.vusInitialized,
    thresholds: thresholds.map((t) => ({
      metric: t.metricKey,
      expression: t.expression,
      ok: t.ok,
      measured: t.measured,
    })),
  };
}
