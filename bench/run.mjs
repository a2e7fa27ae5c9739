#!/usr/bin/env node
// @ts-check
// `npm run bench -- <scenario> [--quick] [--subjects a,b] [--pin]`: runs one benchmark scenario
// against tickstream and its baselines, back to back in one run, and writes
// bench/results/<scenario>-<timestamp>.json/.md (+ .svg for sweeps). See bench/README.md.
import { fileURLToPath } from 'node:url';
import { parseOptions, UsageError } from '../tools/lib/cli-options.mjs';
import { ensureCentrifugo } from './baselines/build-centrifugo.mjs';
import { ensureBroker } from './lib/kafka.mjs';
import { writeFileSync, mkdirSync } from 'node:fs';
import { enablePinning, LOAD_CPU, pinningDescription, pinPid } from './lib/pinning.mjs';
import { writeResults } from './lib/report.mjs';
import { ALL_SUBJECTS, KNOWN_SUBJECTS } from './lib/subjects.mjs';
import { reference, slow } from './scenarios/reference.mjs';
import { saturation } from './scenarios/saturation.mjs';
import { idle } from './scenarios/idle.mjs';
import { churn } from './scenarios/churn.mjs';
import { ingest } from './scenarios/ingest.mjs';
import { book } from './scenarios/book.mjs';

const SCENARIOS = { reference, saturation, idle, slow, ingest, churn, book };
const USAGE = `usage: npm run bench -- <${Object.keys(SCENARIOS).join('|')}> [--quick] [--subjects ${ALL_SUBJECTS.join(',')}] [--profile] [--pin]
  --quick     shrink the scenario (reference --quick takes about 2 minutes)
  --subjects  run only these subjects (default: all; missing ones are skipped with a note);
              tickstream-b = tickstream from BENCH_TICKSTREAM_B_DIST (A/B of a change)
  --profile   run tickstream with --cpu-prof (profiles in bench/results/profiles/)
  --env K=V   extra environment for tickstream (repeatable), e.g. --env KAFKA_MAX_LOOP_DELAY_MS=60000
  --pin       pin the subject under test to CPU 1 and everything else the harness starts
              (load clients, feeders, the local Kafka broker, the harness) to CPU 0 (taskset)
  KAFKA_BROKERS=host:port uses that broker; otherwise a local one is started (tools/kafka).`;

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** @param {string[]} argv */
function parseBenchArgs(argv) {
  const { values: parsed, positionals } = parseOptions(
    argv,
    {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      pin: { type: 'boolean', default: false },
      env: { type: 'string', multiple: true, default: [] },
      subjects: { type: 'string' },
    },
    USAGE,
    { allowPositionals: true },
  );
  const values = /** @type {{ quick?: boolean, profile?: boolean, pin?: boolean, env?: string[], subjects?: string }} */ (parsed);
  const [scenario, ...extra] = positionals;
  if (!scenario || !(scenario in SCENARIOS) || extra.length > 0) throw new UsageError(USAGE);
  /** @type {Record<string, string>} */
  const env = {};
  for (const pair of values.env ?? []) {
    const [k, ...v] = pair.split('=');
    if (!k || v.length === 0) throw new UsageError(`--env needs KEY=VALUE\n${USAGE}`);
    env[k] = v.join('=');
  }
  /** @type {import('./lib/subjects.mjs').SubjectName[]} */
  let subjects = [...ALL_SUBJECTS];
  if (values.subjects !== undefined) {
    const list = values.subjects.split(',');
    for (const s of list) if (!KNOWN_SUBJECTS.includes(/** @type {any} */ (s))) throw new UsageError(`unknown subject ${s}\n${USAGE}`);
    subjects = /** @type {any} */ (list);
  }
  return {
    scenario: /** @type {keyof typeof SCENARIOS} */ (scenario),
    quick: values.quick === true,
    profile: values.profile === true,
    pin: values.pin === true,
    subjects,
    env,
  };
}

/**
 * A report for a run whose scenario threw: the raw figures measured so far.
 * @param {string} scenario
 * @param {unknown} error
 * @param {Record<string, unknown>} partial
 * @returns {import('./lib/report.mjs').ScenarioReport}
 */
function failedRunReport(scenario, error, partial) {
  const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    title: `${scenario}: run failed — raw data measured before the failure`,
    params: {},
    headers: ['subject', 'status'],
    rows: Object.keys(/** @type {Record<string, unknown>} */ (partial.data ?? {})).map((name) => [name, 'measured before the failure: see the JSON file (`data`)']),
    verdicts: [],
    notes: [`The scenario failed: ${why.split('\n').slice(0, 4).join(' ').replace(/\|/g, '\\|')}`],
    data: /** @type {Record<string, unknown>} */ (partial.data ?? {}),
  };
}

async function main() {
  const args = parseBenchArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (/** @type {string} */ line) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
  if (args.pin) {
    enablePinning();
    // The harness itself on the load CPU: whatever it starts inherits that affinity
    // until pinned explicitly (subjects are moved to the subject CPU as they start).
    pinPid(process.pid, LOAD_CPU);
    log(`pinning: ${pinningDescription()}`);
  }
  // ingest and book run tickstream alone (book: the baselines have no book channel).
  if (args.subjects.includes('centrifugo') && args.scenario !== 'ingest' && args.scenario !== 'book') {
    const why = ensureCentrifugo(log);
    if (why) log(`centrifugo will be skipped: ${why}`);
  }
  const broker = await ensureBroker();
  let pinning = pinningDescription();
  if (args.pin) {
    if (broker.pid !== undefined) pinPid(broker.pid, LOAD_CPU);
    else pinning += ` (Kafka at KAFKA_BROKERS=${broker.bootstrap}: not started here, not pinned)`;
  }
  log(`Kafka at ${broker.bootstrap}; scenario ${args.scenario}${args.quick ? ' (quick)' : ''}; subjects ${args.subjects.join(', ')}`);
  let failed = false;
  try {
    /** @type {Record<string, unknown>} */
    const partial = {};
    /** @type {import('./lib/report.mjs').ScenarioReport} */
    let report;
    try {
      report = await SCENARIOS[args.scenario](
        {
          brokers: broker.bootstrap,
          scenario: args.scenario,
          symbols: 500,
          loadProcesses: 2,
          brokerPid: broker.pid,
          cpuProfDir: args.profile ? `${RESULTS_DIR}profiles` : undefined,
          tickstreamEnv: args.env,
          log,
          partial,
        },
        { quick: args.quick, subjects: args.subjects },
      );
    } catch (error) {
      // Write what was measured before the failure, then fail the run.
      failed = true;
      log(`scenario failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      report = failedRunReport(args.scenario, error, partial);
    }
    report.params = { ...report.params, pinning };
    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
    try {
      const files = writeResults(RESULTS_DIR, args.scenario, args.quick, report, command);
      process.stdout.write(`${files.text}\n\nwritten: ${files.md}\n         ${files.json}\n`);
    } catch (error) {
      // Last resort: the raw figures as JSON, whatever went wrong with the report files.
      failed = true;
      mkdirSync(RESULTS_DIR, { recursive: true });
      const file = `${RESULTS_DIR}${args.scenario}${args.quick ? '-quick' : ''}-raw-${Date.now()}.json`;
      writeFileSync(file, `${JSON.stringify({ scenario: args.scenario, command, error: String(error), params: report.params, data: report.data }, null, 2)}\n`);
      log(`writing the report failed (${String(error)}); raw data written to ${file}`);
    }
  } finally {
    await broker.stop();
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (failed) throw new Error(`${args.scenario} failed (results written as far as measured)`);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130)); // children are killed on exit

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
