// Test-wide figures that exec.instance exposes and the summary reports.

/** Counters of the running test; mutated by the runner and executors only. */
export const runState = {
  /** Epoch ms when setup() started (k6's test run duration clock). */
  startedAt: 0,
  vusInitialized: 0,
  vusActive: 0,
  iterationsCompleted: 0,
  iterationsInterrupted: 0,
  /** Iterations that ended with an uncaught exception (k6 logs them and goes on). */
  iterationErrors: 0,
  /** Promise rejections nobody handled, in any VU (k6 reports them as errors too). */
  unhandledRejections: 0,
};

/** Milliseconds since the test run started. */
export function testRunDurationMs() {
  return runState.startedAt === 0 ? 0 : Date.now() - runState.startedAt;
}
