#!/usr/bin/env node
// @ts-check
// Builds the Centrifugo baseline into .cache/centrifugo/bin when Go is present:
//   1. `go install github.com/centrifugal/centrifugo/v6@<VERSION>` (GOBIN=.cache/centrifugo/bin);
//   2. if that fails, `go mod download` of the same version and `go build` from a copy of
//      its module directory (some module proxies refuse the version list that `go install`
//      reads for deprecation notices, yet serve the version itself).
// When both fail, the reason goes to .cache/centrifugo/unavailable.txt, which the bench
// report quotes when it skips Centrifugo. Usable alone: `node bench/baselines/build-centrifugo.mjs`.
import { spawnSync } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CENTRIFUGO_VERSION = 'v6.9.1';
const MODULE = 'github.com/centrifugal/centrifugo/v6';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, '.cache', 'centrifugo');
const BIN_DIR = join(DIR, 'bin');
const NOTE = join(DIR, 'unavailable.txt');
const BUILD_TIMEOUT_MS = 20 * 60_000;

/**
 * The first lines of go's error output, without download chatter and with URLs reduced to
 * their path (the report names no registry host).
 * @param {string} text
 */
const lastLines = (text) =>
  text
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('go: downloading'))
    .slice(0, 4)
    .join(' | ')
    .replace(/https?:\/\/[^/\s]+\//g, '(module proxy)/')
    .replace(/\s+/g, ' ');

/**
 * @param {string[]} args
 * @param {string} [cwd]
 */
function go(args, cwd) {
  return spawnSync('go', args, {
    cwd,
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
    env: { ...process.env, GOBIN: BIN_DIR, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
  });
}

/**
 * Ensures the binary exists; returns undefined on success or the reason it cannot be built.
 * @param {(line: string) => void} [log]
 * @returns {string | undefined}
 */
export function ensureCentrifugo(log = () => {}) {
  const bin = join(BIN_DIR, 'centrifugo');
  if (existsSync(bin)) return undefined;
  mkdirSync(BIN_DIR, { recursive: true });
  if (spawnSync('go', ['version']).error) return record('Go is not installed (no `go` on PATH)');
  log(`building Centrifugo ${CENTRIFUGO_VERSION} with go install (may take minutes)`);
  const install = go(['install', `${MODULE}@${CENTRIFUGO_VERSION}`]);
  if (install.status === 0 && existsSync(bin)) return clear();
  const reasons = [`go install ${MODULE}@${CENTRIFUGO_VERSION}: ${lastLines(install.stderr ?? String(install.error))}`];

  const download = go(['mod', 'download', '-json', `${MODULE}@${CENTRIFUGO_VERSION}`], tmpdir());
  const dir = /"Dir":\s*"([^"]+)"/.exec(download.stdout ?? '')?.[1];
  if (!dir) {
    reasons.push(`go mod download: ${lastLines(download.stdout + download.stderr)}`);
    return record(reasons.join('; '));
  }
  const work = mkdtempSync(join(tmpdir(), 'centrifugo-src-'));
  try {
    cpSync(dir, work, { recursive: true });
    chmodSync(work, 0o755);
    spawnSync('chmod', ['-R', 'u+w', work]);
    log('go install failed; building from the downloaded module source');
    const build = go(['build', '-trimpath', '-o', bin, '.'], work);
    if (build.status === 0 && existsSync(bin)) return clear();
    reasons.push(`go build of the downloaded ${CENTRIFUGO_VERSION} source: ${lastLines(build.stderr ?? String(build.error))}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return record(reasons.join('; '));
}

/** @param {string} reason */
function record(reason) {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(NOTE, `${reason}\n`);
  return reason;
}

function clear() {
  rmSync(NOTE, { force: true });
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const why = ensureCentrifugo((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(why ? `Centrifugo unavailable: ${why}\n` : `Centrifugo at ${join(BIN_DIR, 'centrifugo')}\n`);
  process.exitCode = why ? 1 : 0;
}
