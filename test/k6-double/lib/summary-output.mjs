// End-of-test output: the script's handleSummary(data) when it exports one (its `stdout` and
// `stderr` keys go to those streams, any other key is a file path), else the default summary. As
// in k6, a failing handleSummary is logged ("failed to handle the end-of-test summary") and does
// not change the exit code.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { log } from './log.mjs';
import { describeError } from './run-iteration.mjs';

/**
 * @param {Record<string, unknown>} module the script's exports (VU 0)
 * @param {object} data the handleSummary data (JSON-shaped; the script gets a copy)
 * @param {() => string} defaultSummary
 * @returns {Promise<'default' | 'handleSummary' | 'handleSummary failed'>}
 */
export async function writeSummary(module, data, defaultSummary) {
  if (typeof module.handleSummary !== 'function') {
    process.stdout.write(defaultSummary());
    return 'default';
  }
  try {
    const outputs = await module.handleSummary(JSON.parse(JSON.stringify(data)));
    if (outputs === null || typeof outputs !== 'object')
      throw new Error(`handleSummary() must return an object, got ${typeof outputs}`);
    for (const [target, content] of Object.entries(outputs)) write(target, content);
    return 'handleSummary';
  } catch (error) {
    log('error', `failed to handle the end-of-test summary: ${describeError(error)}`);
    return 'handleSummary failed';
  }
}

function write(target, content) {
  let bytes;
  if (typeof content === 'string') bytes = content;
  else if (content instanceof ArrayBuffer) bytes = Buffer.from(content);
  else throw new Error(`handleSummary() value for '${target}' must be a string or an ArrayBuffer`);
  if (target === 'stdout') process.stdout.write(bytes);
  else if (target === 'stderr') process.stderr.write(bytes);
  else writeFileSync(resolve(target), bytes);
}
