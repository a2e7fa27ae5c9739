// Copies the board's static files (HTML, CSS) next to its bundle in dist/board/web (web/bundle.mjs).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'dist', 'board', 'web');
mkdirSync(target, { recursive: true });
for (const name of readdirSync(here)) {
  if (/\.(html|css|svg)$/.test(name)) copyFileSync(join(here, name), join(target, name));
}
