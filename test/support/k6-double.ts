import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DOUBLE_DIR = new URL('../k6-double/', import.meta.url);
const REGISTER = new URL('register.mjs', DOUBLE_DIR).pathname;
const RUNNER = new URL('run.mjs', DOUBLE_DIR).pathname;

/** What `--summary-data` holds: k6's handleSummary data plus the double's run report. */
export interface SummaryData {
  metrics: Record<
    string,
    {
      type: string;
      values: Record<string, number>;
      thresholds?: Record<string, { ok: boolean }>;
    }
  >;
  root_group: { checks: { name: string; passes: number; fails: number }[] };
  state: { testRunDurationMs: number };
  k6double: {
    exitCode: number;
    summary: 'default' | 'handleSummary' | 'handleSummary failed';
    iterations: { complete: number; errors: number; interrupted: number };
    unhandledRejections: number;
    thresholds: { metric: string; expression: string; ok: boolean; measured: number }[];
  };
}

/** One finished run of the double. */
export interface K6DoubleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Undefined when the run ended before writing it (init errors, bad options). */
  readonly summary: SummaryData | undefined;
}

/**
 * Runs `script` through the k6 test double (`node --import register.mjs run.mjs`) with `vars`
 * as `-e NAME=value` and only PATH from the environment, so a developer's shell variables
 * (VUS, DURATION ...) cannot change the run. Resolves when the child has exited; rejects,
 * after killing it, if it runs longer than `timeoutMs`.
 */
export async function runK6Double(
  script: string,
  vars: Record<string, string>,
  timeoutMs: number,
): Promise<K6DoubleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'k6-double-'));
  const summaryPath = join(dir, 'summary.json');
  const args = [
    '--import',
    REGISTER,
    RUNNER,
    ...Object.entries(vars).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
    `--summary-data=${summaryPath}`,
    script,
  ];
  try {
    const child = spawn(process.execPath, args, {
      cwd: dir, // files a handleSummary writes land here
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const [code] = (await once(child, 'close')) as [number | null];
    clearTimeout(timer);
    if (timedOut) throw new Error(`${script} ran longer than ${timeoutMs} ms:\n${stderr}`);
    const summary = existsSync(summaryPath)
      ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryData)
      : undefined;
    return { code, stdout, stderr, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
