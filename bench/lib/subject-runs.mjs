// @ts-check
// Which subjects a scenario can run, the loop that measures them one after another, and
// what became of each requested subject: a subject that cannot run, fails to start, fails
// its measurements or ends without figures is a row of the report ("not run: …" /
// "failed: …"), never a failed run.
import { unavailable } from './subjects.mjs';

/** @typedef {import('./subjects.mjs').SubjectName} SubjectName */
/** @typedef {import('./measure.mjs').Ctx} Ctx */

/** What became of the requested subjects that have no figures. */
export class Outcomes {
  /** @param {readonly string[]} requested  the subjects asked for, in table order */
  constructor(requested) {
    this.requested = [...requested];
    /** @type {Map<string, string>} */
    this.why = new Map();
  }

  /** @param {string} name @param {string} why */
  notRun(name, why) {
    this.why.set(name, `not run: ${oneLine(why)}`);
  }

  /** Keeps the first failure of a subject. @param {string} name @param {string} why */
  failed(name, why) {
    if (!this.why.has(name)) this.why.set(name, `failed: ${oneLine(why)}`);
  }

  /**
   * Why `name` has no figures: its recorded outcome, or that it was not asked for.
   * @param {string} name
   */
  reason(name) {
    return this.why.get(name) ?? (this.requested.includes(name) ? 'failed: no results' : 'not run: not in --subjects');
  }

  /**
   * The table rows, one per requested subject in order (then any other measured one):
   * `row(name, r)` for a subject with results, a "not run: …"/"failed: …" row otherwise.
   * @template R
   * @param {Record<string, R | undefined>} results
   * @param {(name: string, r: R) => (string | number)[]} row
   * @param {number} width  number of columns
   */
  rows(results, row, width) {
    const names = [...this.requested, ...Object.keys(results).filter((n) => !this.requested.includes(n))];
    return names.map((name) => {
      const r = results[name];
      if (r !== undefined) return row(name, r);
      return statusRow(name, this.reason(name), width);
    });
  }
}

/**
 * A table row for a subject without figures: its name, the reason, empty cells.
 * @param {string} name
 * @param {string} text
 * @param {number} width
 * @returns {(string | number)[]}
 */
export function statusRow(name, text, width) {
  return [name, text.replace(/\|/g, '\\|'), ...Array.from({ length: Math.max(0, width - 2) }, () => '')];
}

/** @param {string} text */
export function oneLine(text) {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Runnable subjects, and notes for the skipped ones (recorded as "not run" in `outcomes`).
 * @param {SubjectName[]} subjects
 * @param {Ctx} ctx
 * @param {Outcomes} [outcomes]
 */
export function runnable(subjects, ctx, outcomes) {
  /** @type {string[]} */
  const notes = [];
  const names = subjects.filter((name) => {
    const why = unavailable(name);
    if (why) {
      notes.push(`${name} skipped: ${why}`);
      outcomes?.notRun(name, why);
      ctx.log(`  ${name}: SKIPPED (${why})`);
    }
    return !why;
  });
  return { names, notes };
}

/**
 * Measures each runnable subject in turn with `measure`; a subject that fails is a note
 * and a "failed: …" outcome.
 * @template R
 * @param {SubjectName[]} subjects
 * @param {Ctx} ctx
 * @param {(name: SubjectName) => Promise<R>} measure
 * @param {Record<string, R>} [results]  filled as subjects finish (pass ctx.partial's object)
 * @returns {Promise<{ results: Record<string, R>, notes: string[], outcomes: Outcomes }>}
 */
export async function eachSubject(subjects, ctx, measure, results = {}) {
  const outcomes = new Outcomes(subjects);
  const { names, notes } = runnable(subjects, ctx, outcomes);
  for (const name of names) {
    try {
      results[name] = await measure(name);
    } catch (error) {
      notes.push(`${name} failed: ${String(error).slice(0, 300)}`);
      outcomes.failed(name, String(error));
      ctx.log(`  ${name}: FAILED ${String(error)}`);
    }
  }
  return { results, notes, outcomes };
}
