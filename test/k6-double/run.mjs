#!/usr/bin/env node
// k6 API test double: runs a k6 script (as in load/) under Node, for CI, without k6.
//
//   node test/k6-double/run.mjs [-e NAME=value ...] [--summary-data=FILE] <script>
//
// It emulates what the scripts in load/ use (k6, k6/execution, k6/http get, k6/metrics,
// k6/timers, k6/websockets; constant-vus, per-vu-iterations and ramping-vus; setup/teardown;
// thresholds; handleSummary) and fails, naming it, on anything else. Exit codes are k6's: 0, 99
// (threshold crossed), 104 (invalid options), 107 (script error in init or setup), 100/101
// (setup/teardown timeout); 2 for a bad command line. It measures nothing of record: use real
// k6 for figures (see load/README.md).
import './register.mjs';
import { parseArgs, UsageError, USAGE } from './lib/cli-args.mjs';
import { ExitCode } from './lib/exit-codes.mjs';
import { installK6Globals } from './lib/k6-globals.mjs';
import { log, routeConsoleToLog } from './lib/log.mjs';
import { describeError } from './lib/run-iteration.mjs';
import { runState } from './lib/run-state.mjs';
import { runTest } from './lib/test-run.mjs';

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return ExitCode.USAGE;
  }
  installK6Globals({ ...process.env, ...args.env });
  routeConsoleToLog();
  process.on('unhandledRejection', (reason) => {
    runState.unhandledRejections++;
    log('error', `Uncaught (in promise) ${describeError(reason)}`);
  });
  return runTest(args);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`k6 test double: internal error: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
