import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveChromium } from '../support/chromium.js';

/** The browser tests' own set-up: which Chromium it picks, and what it says when it cannot. */
describe('resolveChromium', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chromium-resolver-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fakeExecutable = (name: string): string => {
    const file = join(dir, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };

  const noPlaywrightBrowser = (): undefined => undefined;
  const lookup = (env: NodeJS.ProcessEnv) => ({ env, playwrightBrowser: noPlaywrightBrowser });

  it('takes CHROMIUM_PATH first, whatever else is installed', () => {
    const explicit = fakeExecutable('my-chrome');
    const playwrightOwn = fakeExecutable('playwright-chrome');
    fakeExecutable('chromium');
    const found = resolveChromium({
      env: { CHROMIUM_PATH: explicit, PATH: dir },
      playwrightBrowser: () => playwrightOwn,
    });
    expect(found).toEqual({
      path: explicit,
      source: 'CHROMIUM_PATH',
    });
  });

  it('refuses a CHROMIUM_PATH that is not an executable file, naming it', () => {
    const notExecutable = join(dir, 'chrome.txt');
    writeFileSync(notExecutable, '');
    expect(() => resolveChromium(lookup({ CHROMIUM_PATH: notExecutable, PATH: dir }))).toThrow(
      `CHROMIUM_PATH=${notExecutable} is not an executable file`,
    );
  });

  it('takes the browser Playwright installed before anything on PATH', () => {
    const playwrightOwn = fakeExecutable('playwright-chrome');
    fakeExecutable('chromium');
    expect(resolveChromium({ env: { PATH: dir }, playwrightBrowser: () => playwrightOwn })).toEqual(
      {
        path: playwrightOwn,
        source: 'playwright',
      },
    );
  });

  it.each(['chromium', 'chromium-browser', 'google-chrome'])('finds %s on PATH', (name) => {
    const binary = fakeExecutable(name);
    expect(resolveChromium(lookup({ PATH: dir }))).toEqual({ path: binary, source: 'PATH' });
  });

  it('prefers chromium over google-chrome when both are on PATH', () => {
    const chromiumBinary = fakeExecutable('chromium');
    fakeExecutable('google-chrome');
    expect(resolveChromium(lookup({ PATH: dir })).path).toBe(chromiumBinary);
  });
});
