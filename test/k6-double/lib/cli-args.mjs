// The double's command line: a subset of `k6 run`'s, plus --summary-data.

export const USAGE = `usage: node test/k6-double/run.mjs [flags] <script>
  -e, --env NAME=value     set __ENV.NAME (repeatable; the process environment is included)
  --summary-data=FILE      write the handleSummary data, plus the double's run report, as JSON
  -q, --quiet              accepted for k6 compatibility (the double has no progress bar)`;

/** A command line the double cannot run: exit 2 with the usage. */
export class UsageError extends Error {}

/**
 * @param {string[]} argv arguments after the script name of node
 * @returns {{ script: string, env: Record<string, string>, summaryDataPath?: string }}
 */
export function parseArgs(argv) {
  const env = {};
  let script;
  let summaryDataPath;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? splitOnce(arg, '=') : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '-e' || flag === '--env') {
      const [name, assigned] = splitOnce(value(), '=');
      if (!name || assigned === undefined)
        throw new UsageError(`${flag} expects NAME=value, got '${argv[i]}'`);
      env[name] = assigned;
    } else if (flag === '--summary-data') {
      summaryDataPath = value();
    } else if (flag === '-q' || flag === '--quiet') {
      // nothing to hide
    } else if (flag.startsWith('-')) {
      throw new UsageError(`${flag} is not supported by the k6 test double`);
    } else if (script === undefined) {
      script = arg;
    } else {
      throw new UsageError(`unexpected argument '${arg}' (the script is '${script}')`);
    }
  }
  if (script === undefined) throw new UsageError('missing <script>');
  return { script, env, summaryDataPath };
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}
