// `k6/execution`: exec.vu, exec.scenario and exec.instance, as far as the double tracks them.
// exec.test (abort, options) is not emulated; reading it, or any other missing member, throws
// naming it. As in k6, scenario and iteration figures are unavailable in init code, and
// exec.scenario is unavailable in setup() and teardown().
import { runState, testRunDurationMs } from '../lib/run-state.mjs';
import { strictObject } from '../lib/strict-object.mjs';
import { currentIteration, currentVu } from '../lib/vu-context.mjs';

function vu() {
  const current = currentVu();
  if (current === undefined) throw new Error('k6/execution: exec.vu is only available in VU code');
  return current;
}

function iteration(member) {
  const current = currentIteration();
  if (current === undefined)
    throw new Error(`k6/execution: ${member} is not available in the init context`);
  return current;
}

function scenarioIteration(member) {
  const current = iteration(member);
  if (current.scenario === undefined)
    throw new Error(
      `k6/execution: ${member} is not available outside a scenario (setup, teardown)`,
    );
  return current;
}

const vuInfo = strictObject('k6/execution.vu', {
  get idInTest() {
    return vu().idInTest;
  },
  get idInInstance() {
    return vu().idInTest;
  },
  get iterationInInstance() {
    return iteration('exec.vu.iterationInInstance').counters.iterationInInstance;
  },
  get iterationInScenario() {
    return scenarioIteration('exec.vu.iterationInScenario').counters.iterationInScenario;
  },
});

const scenarioInfo = strictObject('k6/execution.scenario', {
  get name() {
    return scenarioIteration('exec.scenario.name').scenario.name;
  },
  get executor() {
    return scenarioIteration('exec.scenario.executor').scenario.executor;
  },
  get startTime() {
    return scenarioIteration('exec.scenario.startTime').scenario.startTime;
  },
  get progress() {
    return scenarioIteration('exec.scenario.progress').scenario.progress();
  },
  get iterationInInstance() {
    return scenarioIteration('exec.scenario.iterationInInstance').counters.iterationInTest;
  },
  get iterationInTest() {
    return scenarioIteration('exec.scenario.iterationInTest').counters.iterationInTest;
  },
});

const instanceInfo = strictObject('k6/execution.instance', {
  get vusActive() {
    return runState.vusActive;
  },
  get vusInitialized() {
    return runState.vusInitialized;
  },
  get iterationsCompleted() {
    return runState.iterationsCompleted;
  },
  get iterationsInterrupted() {
    return runState.iterationsInterrupted;
  },
  get currentTestRunDuration() {
    return testRunDurationMs();
  },
});

export default strictObject('k6/execution', {
  vu: vuInfo,
  scenario: scenarioInfo,
  instance: instanceInfo,
});
