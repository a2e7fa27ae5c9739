import { spawnSync } from 'node:child_process';

const ROOT = new URL('../', import.meta.url).pathname;

/** The project's command-line tools refuse bad arguments with their usage line and status 2. */
describe('command-line arguments of the tools', () => {
  const run = (script: string, args: string[]) => {
    const result = spawnSync(process.execPath, [script, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, stderr: result.stderr };
  };

  it.each([
    [['--duration', 'abc'], '--duration "abc": expected an integer in 10..86400'],
    [['--clients', '-3'], "Option '--clients' argument is ambiguous"],
    [['--clients', '0'], '--clients "0": expected an integer in 1..5000'],
    [['--durtion', '60'], "Unknown option '--durtion'"],
  ])('npm run soak -- %p is refused, naming the problem', (args, message) => {
    const { status, stderr } = run('tools/soak/run.mjs', args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: npm run soak');
  });

  it.each([
    [['reference', '--quik'], "Unknown option '--quik'"],
    [['reference', '--subjects', 'nope'], 'unknown subject nope'],
    [['reference', '--env', 'NOVALUE'], '--env needs KEY=VALUE'],
    [['warp'], 'usage: npm run bench'],
  ])('npm run bench -- %p is refused, naming the problem', (args, message) => {
    const { status, stderr } = run('bench/run.mjs', args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
  });
});
