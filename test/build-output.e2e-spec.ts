import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;

/**
 * What `npm run build` compiles into dist/ (and the Docker image ships): the service, never
 * its test doubles. Asked of tsc itself, so a stale dist/ on a developer's machine cannot hide it.
 */
describe('the build (tsconfig.build.json)', () => {
  const sources = execFileSync(
    process.execPath,
    [`${ROOT}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json', '--listFilesOnly'],
    { cwd: ROOT, encoding: 'utf8' },
  )
    .split('\n')
    .map((file) => relative(ROOT, file))
    .filter((file) => file.startsWith('src/'));

  it('compiles the service', () => {
    expect(sources).toEqual(
      expect.arrayContaining(['src/main.ts', 'src/stream/client-session.ts']),
    );
  });

  it('compiles no specs, test doubles or virtual clock', () => {
    expect(
      sources.filter((file) => /\.spec\.ts$|(^|\/)testing\/|virtual-clock\.ts$/.test(file)),
    ).toEqual([]);
  });
});
