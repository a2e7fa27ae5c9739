import { spawn } from 'node:child_process';
import { once } from 'node:events';

const FEED_CLI = new URL('../../../dist/ingest/feed/feed.cli.js', import.meta.url).pathname;
const DONE = /done: (\d+) steps, (\d+) records/;

/** What a feeder run reported when it finished. */
export interface FeederRun {
  readonly steps: number;
  readonly records: number;
  readonly output: string;
}

/**
 * Runs the built feeder (`npm run feed`, build first) with `args` until it exits
 * (give it `--duration`); rejects with its output unless it exits 0 and reports
 * what it sent.
 */
export async function runFeeder(args: readonly string[], timeoutMs = 60_000): Promise<FeederRun> {
  const child = spawn(process.execPath, [FEED_CLI, ...args], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  const done = DONE.exec(output);
  if (code !== 0 || !done) throw new Error(`feeder exited with ${code}:\n${output}`);
  return { steps: Number(done[1]), records: Number(done[2]), output };
}
