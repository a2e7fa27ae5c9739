// @ts-check
// Result files: bench/results/<scenario>-<timestamp>.json and .md (and .svg for sweeps).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * @typedef {object} Verdict
 * @property {string} goal
 * @property {string} measured
 * @property {boolean | null} pass   null: could not be judged (a subject missing)
 */

/**
 * @typedef {object} ScenarioReport
 * @property {string} title
 * @property {Record<string, unknown>} params
 * @property {string[]} headers
 * @property {(string | number)[][]} rows
 * @property {Verdict[]} verdicts
 * @property {string[]} notes
 * @property {Record<string, unknown>} data    raw figures per subject
 * @property {string} [svg]
 */

/** Machine and code facts for the report header. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let commit = 'unknown';
  try {
    // Read-only git calls (GIT_OPTIONAL_LOCKS=0: no opportunistic index refresh).
    const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', env }).trim();
    try {
      execFileSync('git', ['diff', '--quiet', 'HEAD', '--', 'src'], { env, stdio: 'ignore' });
    } catch {
      commit += ' + uncommitted src/ changes';
    }
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpu: model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    commit,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  };
}

/**
 * Formats a number for a table cell ("–" when unknown).
 * @param {number | undefined} n
 * @param {number} [digits]
 */
export function fmt(n, digits = 0) {
  if (n === undefined || n === null || Number.isNaN(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * `a / b` as "1.23×", or – when either is missing.
 * @param {number | undefined} a
 * @param {number | undefined} b
 */
export function ratio(a, b) {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

/**
 * A goal on tickstream's figure against a peer's in the same run: `value(subject) ≤
 * factor × value(peer)` (or ≥ with `atLeast`; < or > with `strict`). A missing figure on either side makes it
 * "not run: <who> <why>" with pass null.
 * @param {{ goal: string, peer: string, subject?: string, factor: number, atLeast?: boolean, strict?: boolean,
 *   value: (name: string) => number | undefined, why: (name: string) => string, unit?: string, digits?: number }} o
 * @returns {Verdict}
 */
export function compareVerdict({ goal, peer, subject = 'tickstream', factor, atLeast = false, strict = false, value, why, unit = '', digits = 0 }) {
  const a = value(subject);
  const b = value(peer);
  const reason = (/** @type {string} */ name) => why(name).replace(/^not run: /, '');
  const known = (/** @type {number | undefined} */ x) => x !== undefined && x !== null && Number.isFinite(x);
  if (!known(a)) return { goal, measured: `not run: ${subject} ${a === undefined ? reason(subject) : 'has no figure'}`, pass: null };
  if (!known(b)) return { goal, measured: `not run: ${peer} ${b === undefined ? reason(peer) : 'has no figure'}`, pass: null };
  const av = /** @type {number} */ (a);
  const bv = /** @type {number} */ (b);
  const u = unit ? ` ${unit}` : '';
  return {
    goal,
    measured: `${fmt(av, digits)} vs ${fmt(bv, digits)}${u} (${ratio(av, bv)})`,
    pass: atLeast ? (strict ? av > factor * bv : av >= factor * bv) : strict ? av < factor * bv : av <= factor * bv,
  };
}

/**
 * Builds a scenario's report with `build`; when that throws (a bug, a subject without a
 * figure the code relied on), returns a report that still carries the raw `data`, so the
 * measured run is written all the same.
 * @param {{ title: string, params: Record<string, unknown>, notes: string[], data: Record<string, unknown> }} fallback
 * @param {() => ScenarioReport} build
 * @returns {ScenarioReport}
 */
export function safeReport(fallback, build) {
  try {
    return build();
  } catch (error) {
    const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`bench: building the report failed (raw data is written): ${why}\n`);
    return {
      title: `${fallback.title} — report failed, raw data only`,
      params: fallback.params,
      headers: ['subject', 'status'],
      rows: Object.keys(fallback.data).map((name) => [name, 'measured: see the JSON file (`data`)']),
      verdicts: [],
      notes: [...fallback.notes, `Building the report failed: ${why.split('\n').slice(0, 3).join(' ').replace(/\|/g, '\\|')}`],
      data: fallback.data,
    };
  }
}

/**
 * Writes the JSON and Markdown (and SVG) files; returns their paths.
 * @param {string} dir
 * @param {string} scenario
 * @param {boolean} quick
 * @param {ScenarioReport} report
 * @param {string} command
 */
export function writeResults(dir, scenario, quick, report, command) {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..*/, '');
  const base = join(dir, `${scenario}${quick ? '-quick' : ''}-${stamp}`);
  const meta = machine();
  writeFileSync(`${base}.json`, `${JSON.stringify({ scenario, quick, command, machine: meta, ...report, svg: undefined }, null, 2)}\n`);
  const lines = [
    `# ${report.title}${quick ? ' (--quick)' : ''}`,
    '',
    `${meta.date} · ${meta.nproc} × ${meta.cpu}, ${meta.memoryGiB} GiB · Node ${meta.node} · commit ${meta.commit}`,
    '',
    `Command: \`${command}\`. The load client, the feeder and Kafka share the same ${meta.nproc} cores with the server under test.`,
    '',
    `Parameters: ${Object.entries(report.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`,
    '',
    `| ${report.headers.join(' | ')} |`,
    `|${report.headers.map(() => '---').join('|')}|`,
    ...report.rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
  if (report.verdicts.length > 0) {
    lines.push('| goal | measured | verdict |', '|---|---|---|');
    for (const v of report.verdicts) lines.push(`| ${v.goal} | ${v.measured} | ${v.pass === null ? 'n/a' : v.pass ? 'PASS' : 'FAIL'} |`);
    lines.push('');
  }
  if (report.svg) {
    writeFileSync(`${base}.svg`, report.svg);
    lines.push(`![chart](${base.split('/').pop()}.svg)`, '');
  }
  for (const note of report.notes) lines.push(`- ${note}`);
  writeFileSync(`${base}.md`, `${lines.join('\n')}\n`);
  return { json: `${base}.json`, md: `${base}.md`, text: lines.join('\n') };
}
