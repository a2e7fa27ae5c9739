#!/usr/bin/env node
// @ts-check
// `npm run bench -- <scenario> [--quick] [--subjects a,b]`: runs one benchmark scenario
// against tickstream and its baselines, back to back in one run, and writes
// bench/results/<scenario>-<timestamp>.json/.md (+ .svg for sweeps). See bench/README.md.
import { fileURLToPath } from 'node:url';
import { parseOptions, UsageError } from '../tools/lib/cli-options.mjs';
import { ensureCentrifugo } from './baselines/build-centrifugo.mjs';
import { ensureBroker } from './lib/kafka.mjs';
import { writeResults } from './lib/report.mjs';
import { ALL_SUBJECTS, KNOWN_SUBJECTS } from './lib/subjects.mjs';
import { reference, slow } from './scenarios/reference.mjs';
import { saturation } from './scenarios/saturation.mjs';
import { idle } from './scenarios/idle.mjs';
import { churn } from './scenarios/churn.mjs';
import { ingest } from './scenarios/ingest.mjs';
import { book } from './scenarios/book.mjs';

const SCENARIOS = { reference, saturation, idle, slow, ingest, churn, book };
const USAGE = `usage: npm run bench -- <${Object.keys(SCENARIOS).join('|')}> [--quick] [--subjects ${ALL_SUBJECTS.join(',')}] [--profile]
  --quick     shrink the scenario (reference --quick takes about 2 minutes)
  --subjects  run only these subjects (default: all; missing ones are skipped with a note);
              tickstream-b = tickstream from BENCH_TICKSTREAM_B_DIST (A/B of a change)
  --profile   run tickstream with --cpu-prof (profiles in bench/results/profiles/)
  --env K=V   extra environment for tickstream (repeatable), e.g. --env KAFKA_MAX_LOOP_DELAY_MS=60000
  KAFKA_BROKERS=host:port uses that broker; otherwise a local one is started (tools/kafka).`;

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** @param {string[]} argv */
function parseBenchArgs(argv) {
  const { values: parsed, positionals } = parseOptions(
    argv,
    {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      env: { type: 'string', multiple: true, default: [] },
      subjects: { type: 'string' },
    },
    USAGE,
    { allowPositionals: true },
  );
  const values = /** @type {{ quick?: boolean, profile?: boolean, env?: string[], subjects?: string }} */ (parsed);
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
    subjects,
    env,
  };
}

async function main() {
  const args = parseBenchArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (/** @type {string} */ line) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
  // ingest and book run tickstream alone (book: the baselines have no book channel).
  if (args.subjects.includes('centrifugo') && args.scenario !== 'ingest' && args.scenario !== 'book') {
    const why = ensureCentrifugo(log);
    if (why) log(`centrifugo will be skipped: ${why}`);
  }
  const broker = await ensureBroker();
  log(`Kafka at ${broker.bootstrap}; scenario ${args.scenario}${args.quick ? ' (quick)' : ''}; subjects ${args.subjects.join(', ')}`);
  try {
    const report = await SCENARIOS[args.scenario](
      {
        brokers: broker.bootstrap,
        scenario: args.scenario,
        symbols: 500,
        loadProcesses: 2,
        brokerPid: broker.pid,
        cpuProfDir: args.profile ? `${RESULTS_DIR}profiles` : undefined,
        tickstreamEnv: args.env,
        log,
      },
      { quick: args.quick, subjects: args.subjects },
    );
    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
    const files = writeResults(RESULTS_DIR, args.scenario, args.quick, report, command);
    process.stdout.write(`${files.text}\n\nwritten: ${files.md}\n         ${files.json}\n`);
  } finally {
    await broker.stop();
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130)); // children are killed on exit

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
