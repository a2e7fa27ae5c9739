// The state file shared by up.mjs and down.mjs: which detached broker is running.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE_ROOT } from './broker.mjs';

/** `.cache/kafka/state.json` under the repository root. */
export const STATE_FILE = join(CACHE_ROOT, 'state.json');

/**
 * @returns {{pid: number, bootstrap: string, version: string, dataDir: string,
 *   logFile: string, startedAt: string} | null} the recorded broker, or null if none/unreadable
 */
export function readState() {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  } catch {
    return null;
  }
}

/** @param {object} state what up.mjs knows about the broker it started */
export function writeState(state) {
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearState() {
  rmSync(STATE_FILE, { force: true });
}
