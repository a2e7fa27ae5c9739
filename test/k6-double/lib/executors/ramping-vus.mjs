// ramping-vus: the number of active VUs follows `stages`, moving linearly from `startVUs` to each
// stage's `target` one VU at a time, at the step times k6 computes (a stage from a to b over D
// changes the count by one every D/|b-a|). A VU above the count finishes its current iteration
// and idles; one still running after gracefulRampDown is interrupted. After the last stage, running
// iterations get gracefulStop. Steps fire on Node timers, so they can land a few ms late under load.
import { ConfigError, durationOption } from '../duration.mjs';
import { intOption } from './option-readers.mjs';
import { delayUntil, stopGracefully, yieldToEventLoop } from './timing.mjs';

const DEFAULT_GRACEFUL_RAMP_DOWN_MS = 30_000;

/** @type {import('./executor.mjs').Executor} */
export const rampingVus = {
  optionKeys: ['startVUs', 'stages', 'gracefulRampDown'],

  configure(name, options) {
    const path = `scenarios.${name}`;
    const startVus = intOption(`${path}.startVUs`, options.startVUs, 1, 0);
    if (!Array.isArray(options.stages) || options.stages.length === 0)
      throw new ConfigError(`${path}.stages must be a non-empty array`);
    const stages = options.stages.map((stage, i) => {
      const extra = Object.keys(stage ?? {}).filter(
        (key) => key !== 'duration' && key !== 'target',
      );
      if (extra.length > 0)
        throw new ConfigError(`${path}.stages[${i}].${extra[0]} is not emulated`);
      return {
        durationMs: durationOption(`${path}.stages[${i}].duration`, stage.duration),
        target: intOption(`${path}.stages[${i}].target`, stage.target, undefined, 0),
      };
    });
    const gracefulRampDownMs = durationOption(
      `${path}.gracefulRampDown`,
      options.gracefulRampDown,
      DEFAULT_GRACEFUL_RAMP_DOWN_MS,
    );
    const { steps, totalMs } = rampSteps(startVus, stages);
    const maxVus = Math.max(startVus, ...stages.map((stage) => stage.target));
    return {
      startVus,
      stages,
      steps,
      totalMs,
      gracefulRampDownMs,
      maxVus,
      describe: `${[startVus, ...stages.map((s) => s.target)].join(' → ')} VUs over ${totalMs / 1000}s`,
    };
  },

  async run(scenario, runner) {
    const { steps, totalMs, gracefulRampDownMs, gracefulStopMs } = scenario.config;
    const vus = scenario.vus;
    let target = 0;
    let ended = false;
    /** @type {Set<() => void>} */
    const waiting = new Set();
    const changed = () => new Promise((resolve) => waiting.add(resolve));
    const notify = () => {
      for (const resolve of waiting) resolve();
      waiting.clear();
    };
    scenario.progress = () => Math.min(1, (Date.now() - scenario.startTime) / totalMs);

    const loops = vus.map(async (vu, index) => {
      while (!ended) {
        if (index >= target) {
          runner.setActive(vu, false);
          await changed();
          continue;
        }
        runner.setActive(vu, true);
        await runner.iterate(vu);
        await yieldToEventLoop();
      }
      runner.setActive(vu, false);
    });

    for (const step of steps) {
      await delayUntil(scenario.startTime + step.atMs);
      const previous = target;
      target = step.vus;
      notify();
      for (let index = target; index < previous; index++) retire(vus[index], index);
    }
    await delayUntil(scenario.startTime + totalMs);
    ended = true;
    notify();
    await stopGracefully(loops, vus, gracefulStopMs);

    /** Interrupts the VU's current iteration if it outlives gracefulRampDown while retired. */
    function retire(vu, index) {
      const iteration = vu.current;
      if (iteration === undefined) return;
      const timer = setTimeout(() => {
        if (vu.current === iteration && index >= target) iteration.interrupt();
      }, gracefulRampDownMs);
      iteration.done.then(() => clearTimeout(timer));
    }
  },
};

/**
 * k6's VU steps for ramping-vus: `{ atMs, vus }` from 0, and the total duration.
 * @param {number} startVus
 * @param {{ durationMs: number, target: number }[]} stages
 */
export function rampSteps(startVus, stages) {
  const steps = [{ atMs: 0, vus: startVus }];
  let from = startVus;
  let at = 0;
  for (const { durationMs, target } of stages) {
    const diff = Math.abs(target - from);
    const sign = Math.sign(target - from);
    if (durationMs === 0) {
      steps.push({ atMs: at, vus: target });
    } else {
      for (let i = 1; i <= diff; i++)
        steps.push({ atMs: at + (durationMs * i) / diff, vus: from + sign * i });
    }
    at += durationMs;
    from = target;
  }
  return { steps, totalMs: at };
}
