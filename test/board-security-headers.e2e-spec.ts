import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ManualTickSource } from './support/manual-tick.source.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const BOARD_DIST = new URL('../dist/board/', import.meta.url).pathname;

/** What every board response must carry, whichever URL it was asked for under. */
const SECURITY_HEADERS: Readonly<Record<string, RegExp>> = {
  'content-security-policy': /(^|; )frame-ancestors 'none'(;|$)/,
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^DENY$/,
  'referrer-policy': /^no-referrer$/,
};

/** Every file the build put under dist/board, as the `/board/…` URL that serves it. */
function boardAssetUrls(): string[] {
  return readdirSync(BOARD_DIST, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(html|js|css|svg)$/.test(entry.name))
    .map((entry) => relative(BOARD_DIST, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .map((path) => `/board/${path}`);
}

/**
 * The ticker board's security headers over real HTTP: the page at `/`, the
 * same page under `/board/…`, every module and style sheet, and the board's
 * own 404s all carry one set — no URL of the board can be framed or sniffed.
 */
describe('board security headers over HTTP', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({}, new ManualTickSource());
  });
  afterAll(() => service.close());

  const names = Object.keys(SECURITY_HEADERS);

  /** Status, content type and security headers of `GET path`. */
  async function observe(path: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${service.baseUrl}${path}`);
    await response.arrayBuffer();
    return {
      path,
      status: response.status,
      type: response.headers.get('content-type'),
      headers: Object.fromEntries(names.map((name) => [name, response.headers.get(name)])),
    };
  }

  /** What `observe(path)` must find: every header, whatever else the response is. */
  function secured(path: string, status: number, type: RegExp = /./): Record<string, unknown> {
    return {
      path,
      status,
      type: expect.stringMatching(type),
      headers: Object.fromEntries(
        names.map((name) => [name, expect.stringMatching(SECURITY_HEADERS[name]!)]),
      ),
    };
  }

  /** Checks every path and reports every miss at once, not only the first. */
  async function expectSecured(paths: string[], status: number, type?: RegExp): Promise<void> {
    const seen = [];
    for (const path of paths) seen.push(await observe(path));
    expect(seen).toEqual(paths.map((path) => secured(path, status, type)));
  }

  it('every HTML response carries them: / and the page under /board/', async () => {
    const html = ['/', '/board/web/index.html'];
    await expectSecured(html, 200, /^text\/html/);
    // Both URLs answer with one policy, not two that could drift apart.
    const policies = new Set();
    for (const path of html) {
      const response = await fetch(`${service.baseUrl}${path}`);
      await response.arrayBuffer();
      policies.add(response.headers.get('content-security-policy'));
    }
    expect(policies.size).toBe(1);
  });

  it('every static asset of the board carries them', async () => {
    const assets = boardAssetUrls();
    expect(assets).toEqual(expect.arrayContaining(['/board/web/main.js', '/board/web/board.css']));
    await expectSecured(assets, 200);
  });

  it('the board answers a missing asset with 404 and the same headers', async () => {
    // Encoded, so the dot segments reach the board's own route instead of being resolved away.
    await expectSecured(['/board/web/missing.js', '/board/..%2F..%2Fpackage.json'], 404);
  });
});
