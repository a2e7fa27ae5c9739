import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url).pathname;
/** This file, and the documents that state the rule (they name what is forbidden). */
const EXEMPT = new Set(['test/no-k6-fetch.e2e-spec.ts', 'README.md', 'load/README.md']);

/**
 * Ways a project fetches or builds k6: its Go module (go install, go get, xk6), its release
 * downloads and package repository, and npm packages wrapping its binary.
 */
const FETCHES_K6: readonly RegExp[] = [
  /go\.k6\.io\/k6/,
  /\bxk6\b/,
  /github\.com\/grafana\/k6\/releases/,
  /dl\.k6\.io/,
  /"node_modules\/(@[^/"]+\/)?x?k6(-[a-z]+)?"/,
];

/**
 * k6 is AGPL-licensed and the user's own: no script, tool, package file or CI step of this
 * repository may download or build it (users run the scripts with their k6, or the official
 * Docker image they choose to pull; CI proves the scripts under a test double).
 */
describe('the repository never fetches or builds k6', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file !== '' && !EXEMPT.has(file));

  it('looks at every file of the repository, CI and package files included', () => {
    expect(files).toEqual(
      expect.arrayContaining(['.ci/run', 'package.json', 'package-lock.json', 'tools/k6/run.mjs']),
    );
  });

  it('has no file that names a way to download or build k6', () => {
    const offending = files.flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(`${ROOT}${file}`, 'utf8');
      } catch {
        return []; // deleted in the work tree but still in the index
      }
      return FETCHES_K6.filter((pattern) => pattern.test(text)).map(
        (pattern) => `${file}: ${pattern.source}`,
      );
    });
    expect(offending).toEqual([]);
  });

  it('depends on no k6 package', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const names = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((key) =>
      Object.keys(pkg[key] ?? {}),
    );
    expect(names.filter((name) => /(^|\/)x?k6(-|$)/.test(name))).toEqual([]);
  });
});
