// One iteration of a scenario on a VU: event-loop semantics (iteration.mjs), the `iterations` and
// `iteration_duration` metrics, and k6's handling of an exception: logged with the VU and
// scenario, counted, and the VU goes on with its next iteration.
import { performance } from 'node:perf_hooks';
import { builtin } from './builtin-metrics.mjs';
import { Iteration } from './iteration.mjs';
import { log } from './log.mjs';
import { addSample, sampleTags } from './metric-registry.mjs';
import { runState } from './run-state.mjs';

/**
 * Runs `scenario.exec` once on `vu` with the VU's copy of the setup data.
 * @param {import('./vu-pool.mjs').Vu} vu
 * @param {import('./plan.mjs').Scenario} scenario
 * @returns {Promise<import('./iteration.mjs').Outcome>}
 */
export async function runIteration(vu, scenario) {
  const iteration = new Iteration(vu, scenario, {
    iterationInInstance: vu.iterations++,
    iterationInScenario: vu.scenarioIterations++,
    iterationInTest: scenario.iterations++,
  });
  vu.current = iteration;
  const started = performance.now();
  iteration.start(vu.module[scenario.exec], [vu.setupData]);
  const { outcome, error } = await iteration.done;
  vu.current = undefined;
  if (outcome === 'interrupted') {
    runState.iterationsInterrupted++;
    return outcome;
  }
  runState.iterationsCompleted++;
  const tags = sampleTags(iteration);
  addSample(builtin.iterations, 1, tags);
  addSample(builtin.iterationDuration, performance.now() - started, tags);
  if (outcome === 'error') {
    runState.iterationErrors++;
    log('error', `${describeError(error)}  vu=${vu.idInTest} scenario=${scenario.name}`);
  }
  return outcome;
}

/**
 * Counts `vu` in the `vus` gauge while an executor has it active.
 * @param {import('./vu-pool.mjs').Vu} vu
 * @param {boolean} active
 */
export function setActive(vu, active) {
  if (vu.active === active) return;
  vu.active = active;
  runState.vusActive += active ? 1 : -1;
  addSample(builtin.vus, runState.vusActive, {});
}

/**
 * An error as k6 logs it: the message and the script's own stack frames. Script modules are the
 * ones imported with `?vu=N`; frames of the double and of Node say nothing about the script.
 */
export function describeError(error) {
  if (!(error instanceof Error)) return `Uncaught ${String(error)}`;
  return String(error.stack ?? error)
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) || /[?&]vu=\d+/.test(line))
    .join('\n');
}
