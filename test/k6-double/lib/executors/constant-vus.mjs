// constant-vus: `vus` VUs run iterations back to back until `duration` is over; iterations still
// running then get gracefulStop to finish before they are interrupted.
import { durationOption } from '../duration.mjs';
import { intOption } from './option-readers.mjs';
import { delay, stopGracefully, yieldToEventLoop } from './timing.mjs';

/** @type {import('./executor.mjs').Executor} */
export const constantVus = {
  optionKeys: ['vus', 'duration'],

  configure(name, options) {
    const vus = intOption(`scenarios.${name}.vus`, options.vus, 1, 1);
    const durationMs = durationOption(`scenarios.${name}.duration`, options.duration);
    return { vus, durationMs, maxVus: vus, describe: `${vus} VUs for ${durationMs / 1000}s` };
  },

  async run(scenario, runner) {
    const { durationMs, gracefulStopMs } = scenario.config;
    let stopping = false;
    scenario.progress = () => Math.min(1, (Date.now() - scenario.startTime) / durationMs);
    const loops = scenario.vus.map(async (vu) => {
      runner.setActive(vu, true);
      while (!stopping) {
        await runner.iterate(vu);
        await yieldToEventLoop();
      }
      runner.setActive(vu, false);
    });
    await delay(durationMs);
    stopping = true;
    await stopGracefully(loops, scenario.vus, gracefulStopMs);
  },
};
