// The exit codes of `k6 run` that the double reproduces (k6's errext/exitcodes).

/** Exit codes, by cause. */
export const ExitCode = Object.freeze({
  OK: 0,
  /** The command line could not be parsed (the double's own; k6 reports -1). */
  USAGE: 2,
  THRESHOLDS_FAILED: 99,
  SETUP_TIMEOUT: 100,
  TEARDOWN_TIMEOUT: 101,
  INVALID_CONFIG: 104,
  SCRIPT_EXCEPTION: 107,
});
