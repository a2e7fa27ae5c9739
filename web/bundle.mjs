// Bundles the board (web/main.ts, the client SDK it imports, and lightweight-charts) into one
// ES module, dist/board/web/main.js, with esbuild. Type checking is tsc's (`tsc -p
// web/tsconfig.json --noEmit`, run first by `npm run build:board`); esbuild only strips types.
// The page loads that one file from this origin: no CDN, no inline script, no eval, so the
// board's Content-Security-Policy (src/http/security-headers.interceptor.ts) holds.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'dist', 'board');

// Modules of an older, unbundled build would still be served from dist/board: start clean.
rmSync(target, { recursive: true, force: true });
await build({
  entryPoints: [join(here, 'main.ts')],
  outfile: join(target, 'web', 'main.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  // lightweight-charts' production build (its package "exports" condition).
  conditions: ['production'],
  // Licence headers (lightweight-charts' Apache-2.0 notice) stay at the end of the bundle.
  legalComments: 'eof',
  logLevel: 'warning',
});
