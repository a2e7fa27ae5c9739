import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Executables tried on PATH, in order, when neither CHROMIUM_PATH nor Playwright's own browser is there. */
const PATH_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'] as const;
/** Installing Debian's chromium pulls ~100 MB of packages; a cold `apt-get update` adds more. */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 10 * 60_000;
const HOW_TO =
  'no Chromium found: install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chrome/Chromium executable';

/**
 * Flags for a headless Chromium on a machine with no display, no GPU and no network beyond
 * loopback: without the background-networking ones Chromium keeps calling Google's hosts,
 * and every refused connection is noise (or a delay) in the test.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What the resolver looks at; tests replace both. */
export interface ChromiumLookup {
  readonly env?: NodeJS.ProcessEnv;
  /** The browser Playwright installed for this playwright-core, if any. */
  readonly playwrightBrowser?: () => string | undefined;
}

/** Where the browser came from, so a test log says which one ran. */
export interface ResolvedChromium {
  readonly path: string;
  readonly source: 'CHROMIUM_PATH' | 'playwright' | 'PATH' | 'installed';
}

/**
 * Finds a Chromium for the browser tests, portably: `CHROMIUM_PATH`, then a browser that
 * Playwright installed for this playwright-core, then `chromium`, `chromium-browser`,
 * `google-chrome` on PATH. When there is none and this is Debian or Ubuntu as root (CI, a
 * container), it installs Debian's `chromium` with apt-get, saying so; anywhere else it
 * throws one line naming what to install or to set. Synchronous on purpose: it runs once
 * in a `beforeAll` whose timeout is {@link CHROMIUM_INSTALL_TIMEOUT_MS}.
 */
export function resolveChromium({
  env = process.env,
  playwrightBrowser = playwrightExecutable,
}: ChromiumLookup = {}): ResolvedChromium {
  const explicit = env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== '') {
    if (!isExecutable(explicit))
      throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file`);
    return { path: explicit, source: 'CHROMIUM_PATH' };
  }
  const found = findInstalled(env, playwrightBrowser);
  if (found) return found;
  if (!canInstallDebianChromium()) throw new Error(HOW_TO);

  process.stderr.write(
    "[browser] no Chromium found: installing Debian's chromium (apt-get install -y chromium)...\n",
  );
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: CHROMIUM_INSTALL_TIMEOUT_MS,
    });
    if (result.status !== 0) {
      throw new Error(
        `apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}); ${HOW_TO}`,
      );
    }
  }
  const installed = findOnPath('chromium', env);
  if (!installed) throw new Error(`apt-get installed chromium but it is not on PATH; ${HOW_TO}`);
  return { path: installed, source: 'installed' };
}

function findInstalled(
  env: NodeJS.ProcessEnv,
  playwrightBrowser: () => string | undefined,
): ResolvedChromium | undefined {
  const playwrightOwn = playwrightBrowser();
  if (playwrightOwn) return { path: playwrightOwn, source: 'playwright' };
  for (const name of PATH_CANDIDATES) {
    const path = findOnPath(name, env);
    if (path) return { path, source: 'PATH' };
  }
  return undefined;
}

/** The browser `npx playwright install` would have put in its cache, if someone did. */
function playwrightExecutable(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path && isExecutable(path) ? path : undefined;
  } catch {
    return undefined; // playwright-core knows no build for this platform
  }
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** apt-get installs only as root, and only Debian and its derivatives have Debian's chromium. */
function canInstallDebianChromium(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  let osRelease: string;
  try {
    osRelease = readFileSync('/etc/os-release', 'utf8');
  } catch {
    return false;
  }
  const ids = /^(ID|ID_LIKE)=(.*)$/gm;
  for (const match of osRelease.matchAll(ids)) {
    const words = match[2].replace(/"/g, '').split(/\s+/);
    if (words.includes('debian') || words.includes('ubuntu')) return true;
  }
  return false;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves Chromium (installing it where {@link resolveChromium} can), says which one, and
 * launches it headless with {@link CHROMIUM_ARGS}. Call it from a `beforeAll` whose timeout
 * allows for {@link CHROMIUM_INSTALL_TIMEOUT_MS}.
 */
export async function launchChromium(): Promise<Browser> {
  const binary = resolveChromium();
  process.stderr.write(`[browser] ${binary.path} (${binary.source})\n`);
  return chromium.launch({ executablePath: binary.path, args: [...CHROMIUM_ARGS] });
}
