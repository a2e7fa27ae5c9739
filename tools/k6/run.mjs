#!/usr/bin/env node
// `npm run load -- <script> [--start-server] [k6 run args...]`
//
// <script>: a name in load/ (`smoke` -> load/smoke.js) or a path to a k6 script.
// Runs `k6 run [k6 args...] <script>` with inherited stdio and env (plus K6_NO_USAGE_REPORT=true:
// the machine may have no internet and k6 must not call home), and exits with k6's exit code.
//
// k6 is the user's own: K6_BIN if set, else `k6` on PATH. This project never downloads or
// builds k6 (it is AGPL-licensed); without one the runner exits 2 and says how to get it.
//
// --start-server: start `node dist/main.js` (build it first: `npm run build`) on a free loopback
// port, wait for GET /health/ready = 200, point TARGET_URL/BASE_URL at it, and stop it (SIGTERM)
// after k6 exits. Its output goes to .cache/k6/server.log. Server env (SIM_RATE, MAX_SYMBOLS, ...)
// passes through; PORT and HOST are set here. If the server dies during the run, the exit code
// is non-zero even when k6 passed.
/* global fetch, AbortSignal */ // Node >= 18 globals, not in the repo's ESLint globals list
import { spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (tools/k6/ is two levels down). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE_ROOT = join(REPO_ROOT, '.cache', 'k6');
const K6_EXE = process.platform === 'win32' ? 'k6.exe' : 'k6';
/** Exit status when k6 is missing: the same as a usage error, so CI tells it from a failed run. */
const EXIT_NO_K6 = 2;
const HOW_TO_GET_K6 = `k6 was not found: set K6_BIN to a k6 executable or put k6 on PATH.
This project does not download or build k6; install it yourself:
  macOS:    brew install k6
  Linux:    the k6 packages for Debian/Ubuntu (apt) and Fedora/CentOS (dnf), see
            https://grafana.com/docs/k6/latest/set-up/install-k6/
  Windows:  winget install k6 --source winget   (or choco install k6)
  Docker:   docker compose --profile load run --rm k6 run /load/smoke.js
            (the official grafana/k6 image, pointed at the tickstream service)`;

const LOAD_DIR = join(REPO_ROOT, 'load');
const SERVER_ENTRY = join(REPO_ROOT, 'dist', 'main.js');
const SERVER_LOG = join(CACHE_ROOT, 'server.log');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 100;
/** The service's own graceful shutdown is bounded by SHUTDOWN_TIMEOUT_MS (default 10 s). */
const STOP_TIMEOUT_MS = 15_000;
const USAGE = `usage: npm run load -- <script> [--start-server] [k6 run args...]
  <script>        ${listScripts().join(', ') || '(no scripts in load/)'}, or a path to a k6 script
  --start-server  start dist/main.js on a free 127.0.0.1 port for the run (npm run build first)
examples:
  npm run load -- smoke --start-server
  VUS=20 CONNS_PER_VU=5 SYMBOLS=20 DURATION=15s npm run load -- fanout
  npm run load -- soak -e DURATION=30m --summary-export=soak.json`;

async function main() {
  const { script: scriptPath, startServer, k6Args } = parseArgs(process.argv.slice(2));
  const k6 = findK6();
  const env = { ...process.env, K6_NO_USAGE_REPORT: 'true' };

  let server;
  if (startServer) {
    server = await startService();
    env.TARGET_URL = `ws://${HOST}:${server.port}/v1/stream`;
    env.BASE_URL = `http://${HOST}:${server.port}`;
    log(`service ready on ${env.BASE_URL} (pid ${server.child.pid}, log ${SERVER_LOG})`);
  }

  let code;
  try {
    code = await runK6(k6, ['run', ...k6Args, scriptPath], env);
  } finally {
    if (server) {
      const crashed = server.exited;
      const result = await stopService(server);
      if (crashed) {
        log(`the service exited during the run (${result}); see ${SERVER_LOG}`);
        printTail(SERVER_LOG);
        if (code === 0) code = 1;
      } else {
        log(`service stopped (${result})`);
      }
    }
  }
  process.exitCode = code;
}

/**
 * `<script>` is the first argument if it is not a flag; otherwise (k6 flags first, e.g.
 * `-e X=1 smoke`) the first non-flag argument that names an existing script. Everything
 * else goes to `k6 run`, in order.
 */
function parseArgs(argv) {
  const args = argv.filter((arg) => arg !== '--start-server');
  const startServer = args.length !== argv.length;
  if (args[0] === '-h' || args[0] === '--help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let index = args.length > 0 && !args[0].startsWith('-') ? 0 : -1;
  if (index < 0)
    index = args.findIndex((arg) => !arg.startsWith('-') && findScript(arg) !== undefined);
  if (index < 0) throw new UsageError('missing <script>');
  const script = resolveScript(args[index]);
  const k6Args = args.filter((_, i) => i !== index);
  return { script, startServer, k6Args };
}

/** K6_BIN, else k6 on PATH; never fetched or built here. */
function findK6() {
  const explicit = process.env.K6_BIN;
  if (explicit) {
    if (!isExecutable(explicit)) throw new NoK6Error(`K6_BIN=${explicit} is not an executable file`);
    return explicit;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, K6_EXE))) return join(dir, K6_EXE);
  }
  throw new NoK6Error(HOW_TO_GET_K6);
}

function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findScript(name) {
  const candidates = [resolve(name), join(LOAD_DIR, name), join(LOAD_DIR, `${name}.js`)];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

function resolveScript(name) {
  const file = findScript(name);
  if (file === undefined) throw new UsageError(`no k6 script '${name}' (looked in ${LOAD_DIR})`);
  return file;
}

function listScripts() {
  try {
    return readdirSync(LOAD_DIR)
      .filter((f) => f.endsWith('.js'))
      .map((f) => basename(f, '.js'))
      .sort();
  } catch {
    return [];
  }
}

function runK6(k6, args, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(k6, args, { stdio: 'inherit', env, cwd: REPO_ROOT });
    // Ctrl-C reaches k6 directly (same process group); k6 then stops gracefully and we
    // still stop the server. Forward SIGTERM (CI cancellation) explicitly.
    const onSignal = (signal) => child.kill(signal);
    process.on('SIGINT', () => {});
    process.on('SIGTERM', onSignal);
    child.on('error', reject);
    child.on('exit', (status, signal) => {
      process.off('SIGTERM', onSignal);
      resolvePromise(status ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2));
    });
  });
}

async function startService() {
  if (!existsSync(SERVER_ENTRY))
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first`);
  const port = await freePort();
  mkdirSync(CACHE_ROOT, { recursive: true });
  const logFd = openSync(SERVER_LOG, 'w');
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: { NO_COLOR: '1', ...process.env, PORT: String(port), HOST },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const server = { child, port, exited: false, exitInfo: undefined };
  server.exitPromise = new Promise((resolvePromise) => {
    child.on('exit', (status, signal) => {
      server.exited = true;
      server.exitInfo = signal ? `signal ${signal}` : `exit code ${status}`;
      resolvePromise();
    });
  });
  const stopOnExit = () => child.kill('SIGKILL');
  process.on('exit', stopOnExit);
  server.detach = () => process.off('exit', stopOnExit);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  const url = `http://${HOST}:${port}/health/ready`;
  for (;;) {
    if (server.exited) {
      printTail(SERVER_LOG);
      throw new Error(
        `the service exited before it was ready (${server.exitInfo}); see ${SERVER_LOG}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopService(server);
      printTail(SERVER_LOG);
      throw new Error(`the service was not ready within ${READY_TIMEOUT_MS / 1000} s (${url})`);
    }
    await delay(READY_POLL_MS);
  }
}

async function stopService(server) {
  if (!server.exited) {
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await server.exitPromise;
    clearTimeout(timer);
  }
  server.detach();
  return server.exitInfo;
}

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolvePromise(port));
    });
  });
}

function printTail(file, bytes = 4000) {
  try {
    const text = readFileSync(file, 'utf8');
    process.stderr.write(`--- last lines of ${file} ---\n${text.slice(-bytes)}\n---\n`);
  } catch {
    // no log
  }
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => process.stderr.write(`[load] ${msg}\n`);

class UsageError extends Error {}
class NoK6Error extends Error {}

main().catch((err) => {
  process.stderr.write(`${err instanceof UsageError ? `${err.message}\n${USAGE}` : err.message}\n`);
  process.exitCode = err instanceof UsageError ? 2 : err instanceof NoK6Error ? EXIT_NO_K6 : 1;
});
