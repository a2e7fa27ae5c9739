// VU initialization: each VU imports its own copy of the script (`?vu=N`, propagated to the
// script's own imports by loader-hooks.mjs), so module-level state is per VU as in k6. VU 0 is
// the init VU k6 uses for options, and here also for setup(), teardown() and handleSummary().
import { runState } from './run-state.mjs';
import { runInit } from './vu-context.mjs';

/**
 * @typedef {object} Vu
 * @property {number} idInTest
 * @property {Record<string, unknown>} module the exports of this VU's copy of the script
 * @property {number} iterations iterations started (exec.vu.iterationInInstance)
 * @property {number} scenarioIterations iterations started in its scenario
 * @property {import('./iteration.mjs').Iteration | undefined} current
 * @property {boolean} active counted in the `vus` metric
 * @property {unknown} setupData this VU's copy of setup()'s result
 */

/**
 * Evaluates the script's init code for VU `id`.
 * @param {number} id
 * @param {string} scriptUrl file: URL of the script
 * @returns {Promise<Vu>}
 */
export async function initVu(id, scriptUrl) {
  const vu = {
    idInTest: id,
    module: {},
    iterations: 0,
    scenarioIterations: 0,
    current: undefined,
    active: false,
    setupData: undefined,
  };
  const url = new URL(scriptUrl);
  url.searchParams.set('vu', String(id));
  vu.module = await runInit(vu, () => import(url.href));
  if (id > 0) runState.vusInitialized++;
  return vu;
}
