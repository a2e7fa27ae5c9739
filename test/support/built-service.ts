import { freePort, startMain } from './service-process.js';

const HOST = '127.0.0.1';
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
  const service = startMain({ ...env, PORT: String(port), HOST });
  let exitCode: number | null | undefined;
  void service.exited.then((code) => (exitCode = code));
  const log = (): string => {
    const { stdout, stderr } = service.output();
    return `${stdout}${stderr}`.slice(-LOG_TAIL_CHARS);
  };

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`dist/main.js was not listening within ${timeoutMs} ms:\n${log()}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([service.listening(), timedOut]);
  } catch (error) {
    service.child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }

  return {
    baseUrl: `http://${HOST}:${port}`,
    wsUrl: `ws://${HOST}:${port}/v1/stream`,
    running: () => exitCode === undefined,
    log,
    stop: async () => {
      if (exitCode === undefined) service.child.kill('SIGTERM');
      return service.exited;
    },
  };
}
