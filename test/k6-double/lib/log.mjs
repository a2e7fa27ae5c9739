// Log lines on stderr in k6's terminal format (`LEVEL[elapsed s] message`). stdout carries only
// the end-of-test summary, as with k6, so a script's console output is routed to stderr too.
import { format } from 'node:util';

const startedAt = Date.now();
const LEVELS = { debug: 'DEBU', info: 'INFO', warn: 'WARN', error: 'ERRO' };

/**
 * Writes one log line to stderr.
 * @param {'debug' | 'info' | 'warn' | 'error'} level
 * @param {string} message
 */
export function log(level, message) {
  const elapsed = String(Math.floor((Date.now() - startedAt) / 1000)).padStart(4, '0');
  process.stderr.write(`${LEVELS[level]}[${elapsed}] ${message}\n`);
}

/** Makes `console.*` in scripts log like k6 does (stderr, with a level), not print to stdout. */
export function routeConsoleToLog() {
  const to =
    (level) =>
    (...args) =>
      log(level, `${format(...args)}  source=console`);
  console.log = to('info');
  console.info = to('info');
  console.debug = to('debug');
  console.warn = to('warn');
  console.error = to('error');
}
