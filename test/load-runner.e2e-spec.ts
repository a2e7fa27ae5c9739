import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
const RUNNER = join(ROOT, 'tools/k6/run.mjs');
/** The runner only looks for k6 before anything slow: it must answer within seconds. */
const ANSWER_TIMEOUT_MS = 10_000;

interface Run {
  readonly code: number | null;
  readonly stderr: string;
}

/** `npm run load -- <args>` without npm, with exactly the environment given. */
function runLoad(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), ANSWER_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** `npm run load`: k6 is the user's (K6_BIN or PATH); the project never fetches or builds it. */
describe('npm run load (tools/k6/run.mjs)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k6-runner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in k6 that writes its arguments and K6_NO_USAGE_REPORT to a file and exits with `code`. */
  const fakeK6 = (code: number): { bin: string; argsFile: string } => {
    const bin = join(dir, 'k6');
    const argsFile = join(dir, 'args.txt');
    writeFileSync(
      bin,
      `#!/bin/sh\nprintf '%s\\n' "$K6_NO_USAGE_REPORT" "$@" > '${argsFile}'\nexit ${code}\n`,
    );
    chmodSync(bin, 0o755);
    return { bin, argsFile };
  };

  it('without k6 exits 2 at once, saying how to get k6 (packages or the Docker image)', async () => {
    const started = Date.now();
    const { code, stderr } = await runLoad(['smoke'], { PATH: dir });
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(ANSWER_TIMEOUT_MS);
    expect(stderr).toContain('k6 was not found: set K6_BIN to a k6 executable or put k6 on PATH');
    expect(stderr).toContain('brew install k6');
    expect(stderr).toContain('winget install k6');
    expect(stderr).toContain('docker compose --profile load run --rm k6 run /load/smoke.js');
  });

  it('runs the k6 that K6_BIN names, with the script resolved in load/, and passes its exit code on', async () => {
    const { bin, argsFile } = fakeK6(99);
    const { code } = await runLoad(['smoke', '-e', 'VUS=1'], { PATH: dir, K6_BIN: bin });
    expect(code).toBe(99);
    expect(readFileSync(argsFile, 'utf8').trim().split('\n')).toEqual([
      'true',
      'run',
      '-e',
      'VUS=1',
      join(ROOT, 'load/smoke.js'),
    ]);
  });

  it('finds k6 on PATH when K6_BIN is not set', async () => {
    const { argsFile } = fakeK6(0);
    const { code } = await runLoad(['fanout'], { PATH: dir });
    expect(code).toBe(0);
    expect(readFileSync(argsFile, 'utf8')).toContain(join(ROOT, 'load/fanout.js'));
  });

  it('refuses a K6_BIN that is not executable, naming it, with status 2', async () => {
    const notExecutable = join(dir, 'k6.txt');
    writeFileSync(notExecutable, '');
    const { code, stderr } = await runLoad(['smoke'], { PATH: dir, K6_BIN: notExecutable });
    expect(code).toBe(2);
    expect(stderr).toContain(`K6_BIN=${notExecutable} is not an executable file`);
  });
});
