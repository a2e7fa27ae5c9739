import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const MAIN = new URL('../../dist/main.js', import.meta.url).pathname;
const HOST = '127.0.0.1';
const LISTENING = /listening on http:\/\//;
/** Output kept for failure messages. */
const LOG_TAIL_CHARS = 8000;

/** The built service (`dist/main.js`) running as a child process on a free loopback port. */
export interface BuiltService {
  readonly baseUrl: string;
  readonly wsUrl: string;
  /** False once the process has exited. */
  running(): boolean;
  /** The end of its stdout and stderr. */
  log(): string;
  /** Sends SIGTERM; resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node dist/main.js` (build first) with `env` on a free 127.0.0.1 port and resolves
 * once it logs that it is listening; rejects if it exits first or after `timeoutMs`.
 */
export async function startBuiltService(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<BuiltService> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, LOG_LEVEL: 'log', ...env, PORT: String(port), HOST },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exitCode: number | null | undefined;
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-LOG_TAIL_CHARS);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = once(child, 'exit').then(([code]) => (exitCode = code as number | null));

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      if (error === undefined) return resolve();
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (): void => {
      if (LISTENING.test(output)) settle();
    };
    const timer = setTimeout(
      () => settle(new Error(`dist/main.js was not listening within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout.on('data', onData);
    void exited.then(() =>
      settle(new Error(`dist/main.js exited (${exitCode}) before listening:\n${output}`)),
    );
  });

  return {
    baseUrl: `http://${HOST}:${port}`,
    wsUrl: `ws://${HOST}:${port}/v1/stream`,
    running: () => exitCode === undefined,
    log: () => output,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A free loopback port (the OS picks it; it is released for the child to bind). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, HOST);
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
