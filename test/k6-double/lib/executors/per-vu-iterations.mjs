// per-vu-iterations: each of `vus` VUs runs `iterations` iterations; after `maxDuration`, no new
// iteration starts and running ones get gracefulStop before they are interrupted.
import { durationOption } from '../duration.mjs';
import { intOption } from './option-readers.mjs';
import { settlesWithin, stopGracefully, yieldToEventLoop } from './timing.mjs';

const DEFAULT_MAX_DURATION_MS = 10 * 60_000;

/** @type {import('./executor.mjs').Executor} */
export const perVuIterations = {
  optionKeys: ['vus', 'iterations', 'maxDuration'],

  configure(name, options) {
    const vus = intOption(`scenarios.${name}.vus`, options.vus, 1, 1);
    const iterations = intOption(`scenarios.${name}.iterations`, options.iterations, 1, 1);
    const maxDurationMs = durationOption(
      `scenarios.${name}.maxDuration`,
      options.maxDuration,
      DEFAULT_MAX_DURATION_MS,
    );
    return {
      vus,
      iterations,
      maxDurationMs,
      maxVus: vus,
      describe: `${vus} VUs × ${iterations} iterations, max ${maxDurationMs / 1000}s`,
    };
  },

  async run(scenario, runner) {
    const { iterations, maxDurationMs, gracefulStopMs } = scenario.config;
    let stopping = false;
    let started = 0;
    scenario.progress = () => Math.min(1, started / (iterations * scenario.vus.length));
    const loops = scenario.vus.map(async (vu) => {
      runner.setActive(vu, true);
      for (let i = 0; i < iterations && !stopping; i++) {
        started++;
        await runner.iterate(vu);
        await yieldToEventLoop();
      }
      runner.setActive(vu, false);
    });
    if (await settlesWithin(Promise.all(loops), maxDurationMs)) return;
    stopping = true;
    await stopGracefully(loops, scenario.vus, gracefulStopMs);
  },
};
