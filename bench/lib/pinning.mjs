// @ts-check
// `--pin`: the subject under test on one CPU, everything else the harness runs (load
// clients, feeders, the local Kafka broker, the harness itself) on the other, so the
// server's figures do not depend on how the scheduler happens to share the 2 cores.
// Off by default. `taskset -a -pc <cpu> <pid>` sets the affinity of every thread of a
// process; threads created later inherit it.
import { spawnSync } from 'node:child_process';

export const SUBJECT_CPU = 1;
export const LOAD_CPU = 0;

const state = { enabled: false };

/** Turns pinning on for every process started from now on. */
export function enablePinning() {
  state.enabled = true;
}

export function pinningEnabled() {
  return state.enabled;
}

/** What the results record as `params.pinning`. */
export function pinningDescription() {
  return state.enabled ? `subject on cpu ${SUBJECT_CPU}, load/feeder/Kafka on cpu ${LOAD_CPU}` : 'none';
}

/**
 * Pins every thread of `pid` to `cpu`; throws when taskset fails (a run that claims to be
 * pinned must be).
 * @param {number} pid
 * @param {number} cpu
 */
export function pinPid(pid, cpu) {
  const r = spawnSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset -a -pc ${cpu} ${pid} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

/**
 * With pinning on, pins a process the harness just started: a subject on SUBJECT_CPU,
 * anything else on LOAD_CPU. No-op otherwise.
 * @param {number} pid
 * @param {'subject' | 'load'} role
 */
export function pinProcess(pid, role) {
  if (state.enabled) pinPid(pid, role === 'subject' ? SUBJECT_CPU : LOAD_CPU);
}
