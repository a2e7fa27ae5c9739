// @ts-check
// Which subjects a scenario can run, and the loop that measures them one after
// another, turning a skipped or failed subject into a note instead of a failed run.
import { unavailable } from './subjects.mjs';

/** @typedef {import('./subjects.mjs').SubjectName} SubjectName */
/** @typedef {import('./measure.mjs').Ctx} Ctx */

/**
 * Runnable subjects, and notes for the skipped ones.
 * @param {SubjectName[]} subjects
 * @param {Ctx} ctx
 */
export function runnable(subjects, ctx) {
  /** @type {string[]} */
  const notes = [];
  const names = subjects.filter((name) => {
    const why = unavailable(name);
    if (why) {
      notes.push(`${name} skipped: ${why}`);
      ctx.log(`  ${name}: SKIPPED (${why})`);
    }
    return !why;
  });
  return { names, notes };
}

/**
 * Measures each runnable subject in turn with `measure`; a subject that fails is a note.
 * @template R
 * @param {SubjectName[]} subjects
 * @param {Ctx} ctx
 * @param {(name: SubjectName) => Promise<R>} measure
 * @returns {Promise<{ results: Record<string, R>, notes: string[] }>}
 */
export async function eachSubject(subjects, ctx, measure) {
  const { names, notes } = runnable(subjects, ctx);
  /** @type {Record<string, R>} */
  const results = {};
  for (const name of names) {
    try {
      results[name] = await measure(name);
    } catch (error) {
      notes.push(`${name} failed: ${String(error).slice(0, 300)}`);
      ctx.log(`  ${name}: FAILED ${String(error)}`);
    }
  }
  return { results, notes };
}
