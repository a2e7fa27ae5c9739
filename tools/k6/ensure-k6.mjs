#!/usr/bin/env node
// Find or build a k6 binary. Plain Node ESM with built-ins only (no build step, no deps).
//
// Resolution order:
//   1. K6_BIN env var, if set (must point to an executable file);
//   2. `k6` on PATH;
//   3. <repo>/.cache/k6/bin/k6, built on first use with
//        CGO_ENABLED=0 GOBIN=<repo>/.cache/k6/bin go install go.k6.io/k6@<K6_VERSION>
//      A stamp file next to it records the version, so changing K6_VERSION rebuilds.
//
// Go caches: the build uses Go's default module and build caches (GOPATH/GOMODCACHE/GOCACHE
// from the environment or `go env`), so they are shared with other Go work on the machine and
// can be overridden the usual way. Only the resulting binary lives under .cache/k6/bin, which
// is all a CI cache needs to keep (key it on K6_VERSION).
//
// CLI: `node tools/k6/ensure-k6.mjs` prints the path of the binary on stdout.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Pinned k6 release (v1 line, module path go.k6.io/k6). Needs Go >= 1.25 to build. */
export const K6_VERSION = 'v1.8.1';
export const K6_MODULE = 'go.k6.io/k6';
const MIN_GO = [1, 25];

const HERE = dirname(fileURLToPath(import.meta.url));
/** Repository root (tools/k6/ is two levels down). */
export const REPO_ROOT = resolve(HERE, '..', '..');
export const CACHE_ROOT = join(REPO_ROOT, '.cache', 'k6');
const BIN_DIR = join(CACHE_ROOT, 'bin');
const EXE = process.platform === 'win32' ? 'k6.exe' : 'k6';
const STAMP = join(BIN_DIR, 'k6.version');
/** A cold build (module download + compile) takes a few minutes on 2 cores. */
const BUILD_TIMEOUT_MS = 20 * 60_000;

/**
 * Return the path of a usable k6 binary, building the pinned version into .cache when needed.
 * @param {{quiet?: boolean, version?: string}} [options]
 * @returns {string}
 */
export function ensureK6({ quiet = false, version = K6_VERSION } = {}) {
  const log = quiet ? () => {} : (msg) => process.stderr.write(`[k6] ${msg}\n`);

  if (process.env.K6_BIN) {
    if (!isExecutable(process.env.K6_BIN))
      throw new Error(`K6_BIN=${process.env.K6_BIN} is not an executable file`);
    return process.env.K6_BIN;
  }
  const onPath = findOnPath(EXE);
  if (onPath) return onPath;

  const cached = join(BIN_DIR, EXE);
  if (isExecutable(cached) && readStamp() === version) return cached;

  const go = findOnPath(process.platform === 'win32' ? 'go.exe' : 'go');
  if (!go) {
    throw new Error(
      `k6 is not on PATH and Go is not installed, so k6 ${version} cannot be built.\n` +
        `Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or Go >= ${MIN_GO.join('.')} ` +
        `(https://go.dev/dl/), or set K6_BIN to a k6 binary.`,
    );
  }
  checkGoVersion(go);

  mkdirSync(BIN_DIR, { recursive: true });
  rmSync(STAMP, { force: true });
  log(`building k6 ${version} with ${go} into ${BIN_DIR} (first run only; takes a few minutes)...`);
  const started = Date.now();
  const result = spawnSync(go, ['install', `${K6_MODULE}@${version}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      CGO_ENABLED: '0',
      GOBIN: BIN_DIR,
      GOFLAGS: withFlag(process.env.GOFLAGS, '-trimpath'),
    },
    timeout: BUILD_TIMEOUT_MS,
  });
  if (result.error)
    throw new Error(`go install ${K6_MODULE}@${version} failed to run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `go install ${K6_MODULE}@${version} exited with ${result.status ?? result.signal}. ` +
        `Without internet access Go needs a GOPROXY that serves ${K6_MODULE} (see GOPROXY/GOFLAGS).`,
    );
  }
  if (!isExecutable(cached)) throw new Error(`go install succeeded but ${cached} is missing`);
  writeFileSync(STAMP, `${version}\n`);
  log(`built k6 ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return cached;
}

function readStamp() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function withFlag(flags, flag) {
  const list = (flags ?? '').split(/\s+/).filter(Boolean);
  return list.includes(flag) ? list.join(' ') : [...list, flag].join(' ');
}

function checkGoVersion(go) {
  const out = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
  const match = /go(\d+)\.(\d+)/.exec(out.stdout ?? '');
  if (!match) return; // unknown format (devel build?): let go install decide
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    throw new Error(`k6 ${K6_VERSION} needs Go >= ${MIN_GO.join('.')}, found ${match[0]} at ${go}`);
  }
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

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.stdout.write(`${ensureK6()}\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}
