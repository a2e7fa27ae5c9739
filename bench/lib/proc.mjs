// @ts-check
// Process accounting from /proc: CPU seconds and resident memory of one pid, and a
// child-process launcher that keeps track of what it started (and stops only that).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pinProcess } from './pinning.mjs';

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every Linux we run on). */
const CLK_TCK = 100;

/**
 * CPU seconds (user + system) used so far by `pid`, including reaped children.
 * @param {number} pid
 * @returns {number}
 */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) may contain spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime are fields 14..17 (1-based), i.e. 11..14 here.
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  return ticks / CLK_TCK;
}

/**
 * Resident set size of `pid`, in bytes.
 * @param {number} pid
 * @returns {number}
 */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * @typedef {object} Child
 * @property {import('node:child_process').ChildProcess} proc
 * @property {number} pid
 * @property {() => string} output  last lines of stdout+stderr
 * @property {Promise<number | null>} exited
 * @property {(timeoutMs?: number) => Promise<void>} stop  SIGTERM, then SIGKILL
 */

/** @type {Set<import('node:child_process').ChildProcess>} */
const live = new Set();
process.once('exit', () => {
  for (const proc of live) if (proc.pid) try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ }
});

/**
 * Starts a child process, keeping the tail of its output for error messages.
 * With `--pin`, the process is pinned right after it starts: `role` 'subject' (a server
 * under test) on CPU 1, anything else ('load': load clients, feeders…) on CPU 0.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, ipc?: boolean, role?: 'subject' | 'load' }} [options]
 * @returns {Child}
 */
export function startChild(command, args, { env, cwd, ipc = false, role = 'load' } = {}) {
  const proc = spawn(command, args, {
    env: { ...process.env, ...env },
    cwd,
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`could not start ${command}`);
  live.add(proc);
  try {
    pinProcess(proc.pid, role);
  } catch (error) {
    proc.kill('SIGKILL');
    throw error;
  }
  let tail = '';
  const keep = (/** @type {Buffer} */ chunk) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise((resolve) => {
    proc.once('exit', (code) => {
      live.delete(proc);
      resolve(code);
    });
  });
  const pid = proc.pid;
  return {
    proc,
    pid,
    output: () => tail,
    exited,
    async stop(timeoutMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns true or `timeoutMs` passes.
 * @param {() => Promise<boolean> | boolean} check
 * @param {number} timeoutMs
 * @param {string} what
 */
export async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * CPU seconds the whole machine has spent busy (all cores, /proc/stat), to tell how
 * much of a window went to processes other than the ones measured.
 * @returns {number}
 */
export function machineBusySeconds() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}

/**
 * Memory the kernel holds in TCP socket buffers, machine-wide, in MB (`/proc/net/sockstat`,
 * "TCP: … mem" in pages). Past `tcp_mem`'s pressure threshold the kernel shrinks every
 * socket's buffers — stalled clients can push a loopback run there.
 * @returns {number}
 */
export function tcpBufferMB() {
  const match = /^TCP:.*\bmem (\d+)/m.exec(readFileSync('/proc/net/sockstat', 'utf8'));
  return match ? (Number(match[1]) * 4096) / 1e6 : 0;
}

/**
 * Waits until the processes behind `cpu` (a reading of their CPU seconds) have used less
 * than `maxPct` of a core over each of two consecutive `sampleMs` intervals, or
 * `timeoutMs` passes. A subject that fell behind keeps working off its Kafka backlog
 * (and its clients their socket buffers) after its window; measuring the next subject
 * meanwhile would charge that work to it. Returns how long it waited, in ms.
 * @param {() => number} cpu
 * @param {{ maxPct?: number, sampleMs?: number, timeoutMs?: number }} [options]
 */
export async function waitUntilQuiet(cpu, { maxPct = 15, sampleMs = 500, timeoutMs = 30_000 } = {}) {
  const started = Date.now();
  let quietSamples = 0;
  while (quietSamples < 2 && Date.now() - started < timeoutMs) {
    const before = cpu();
    await sleep(sampleMs);
    const pct = (100 * (cpu() - before)) / (sampleMs / 1000);
    quietSamples = pct < maxPct ? quietSamples + 1 : 0;
  }
  return Date.now() - started;
}
