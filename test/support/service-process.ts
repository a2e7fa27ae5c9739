import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const MAIN = new URL('../../dist/main.js', import.meta.url).pathname;
const LISTENING = /listening on http:\/\//;

/** The built service (`dist/main.js`) as a child process, as `npm start` runs it. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** What it has written so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once it logs that it is listening; rejects if it exits first. */
  listening(): Promise<void>;
}

/** A free loopback port (the OS picks it; we release it for the child to bind). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts `node dist/main.js` (build first) with `env` (LOG_LEVEL defaults to `log`). */
export function startMain(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, LOG_LEVEL: 'log', ...env },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (): void => {
      if (!LISTENING.test(stdout)) return;
      child.stdout.off('data', onData);
      resolve();
    };
    child.stdout.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`dist/main.js exited (${code}) before listening:\n${stdout}${stderr}`)),
    );
  });
  listening.catch(() => {}); // reported to whoever awaits listening()
  return { child, exited, output: () => ({ stdout, stderr }), listening: () => listening };
}
