// @ts-check
// The servers under test. Each is started on a free 127.0.0.1 port, reading one Kafka
// topic, and stopped after its turn; a subject that cannot run here is skipped with
// the reason (the report prints it).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wsUrl } from './protocols.mjs';
import { pinningEnabled } from './pinning.mjs';
import { freePort, startChild, waitFor } from './proc.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CENTRIFUGO_BIN = join(ROOT, '.cache', 'centrifugo', 'bin', 'centrifugo');
const READY_TIMEOUT_MS = 60_000;

/** @typedef {import('./protocols.mjs').ProtocolName} ProtocolName */
/**
 * `tickstream-b` is tickstream run from another build (BENCH_TICKSTREAM_B_DIST), for an
 * A/B of a proposed change in the same run; never part of the default set.
 * @typedef {'tickstream' | 'tickstream-b' | 'raw-ws' | 'socket.io' | 'centrifugo'} SubjectName
 */

/**
 * @typedef {object} Subject
 * @property {SubjectName} name
 * @property {ProtocolName} protocol
 * @property {number} pid
 * @property {number} port
 * @property {string} url         WebSocket URL
 * @property {(count: number) => Promise<void>} waitSymbols  until `count` symbols can be subscribed
 * @property {() => Promise<void>} stop
 * @property {() => string} output
 * @property {() => Promise<Record<string, number> | undefined>} counters  tickstream's own counters (/metrics)
 */

/** @type {readonly SubjectName[]} */
export const ALL_SUBJECTS = ['tickstream', 'raw-ws', 'socket.io', 'centrifugo'];
/** @type {readonly SubjectName[]} */
export const KNOWN_SUBJECTS = [...ALL_SUBJECTS, 'tickstream-b'];

/**
 * Why a subject cannot run on this machine, or undefined when it can.
 * @param {SubjectName} name
 */
export function unavailable(name) {
  if (name === 'tickstream' && !existsSync(join(ROOT, 'dist', 'main.js'))) return 'dist/main.js missing: run `npm run build`';
  if (name === 'tickstream-b' && !existsSync(join(process.env.BENCH_TICKSTREAM_B_DIST ?? '/nonexistent', 'main.js')))
    return 'set BENCH_TICKSTREAM_B_DIST to a directory holding another build of dist/';
  if (name === 'socket.io' && !existsSync(join(ROOT, 'node_modules', 'socket.io'))) return 'socket.io not installed (npm ci)';
  if (name === 'centrifugo' && !existsSync(CENTRIFUGO_BIN))
    return `no Centrifugo binary at .cache/centrifugo/bin/centrifugo (${centrifugoNote()})`;
  return undefined;
}

/** What bench/baselines/build-centrifugo.mjs left as the reason for a missing binary. */
function centrifugoNote() {
  const note = join(ROOT, '.cache', 'centrifugo', 'unavailable.txt');
  if (existsSync(note)) {
    try {
      return readFileSync(note, 'utf8').trim();
    } catch {
      // fall through
    }
  }
  return 'build it with `node bench/baselines/build-centrifugo.mjs`';
}

/** @param {string} url */
async function httpOk(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.ok;
}

/**
 * Starts one subject reading `topic`.
 * @param {SubjectName} name
 * @param {{ brokers: string, topic: string, cpuProfDir?: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<Subject>}
 */
export async function startSubject(name, { brokers, topic, cpuProfDir, env = {} }) {
  const port = await freePort();
  const nodeFlags = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  /** @type {import('./proc.mjs').Child} */
  let child;
  /** @type {ProtocolName} */
  let protocol;
  /** @type {string} */
  let readyUrl;
  if (name === 'tickstream' || name === 'tickstream-b') {
    protocol = 'tickstream';
    // BENCH_TICKSTREAM_DIST: an alternative build for `tickstream`, default dist/.
    const dist =
      name === 'tickstream-b'
        ? String(process.env.BENCH_TICKSTREAM_B_DIST)
        : (process.env.BENCH_TICKSTREAM_DIST ?? join(ROOT, 'dist'));
    child = startChild(process.execPath, [...nodeFlags, join(dist, 'main.js')], {
      cwd: ROOT,
      role: 'subject',
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        KAFKA_BROKERS: brokers,
        KAFKA_TOPICS: topic,
        // The ticker scenarios feed ticks only: with the trades and book feeds on, the
        // service waits for their default topics forever (the book scenario sets its own).
        KAFKA_TRADE_TOPICS: '',
        KAFKA_BOOK_TOPICS: '',
        LOG_LEVEL: 'warn',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        ...env,
        // BENCH_TICKSTREAM_B_ENV="K=V,K=V": extra environment for tickstream-b only.
        ...(name === 'tickstream-b'
          ? Object.fromEntries((process.env.BENCH_TICKSTREAM_B_ENV ?? '').split(',').filter(Boolean).map((kv) => kv.split('=')))
          : {}),
      },
    });
    readyUrl = `http://127.0.0.1:${port}/health/ready`;
  } else if (name === 'raw-ws' || name === 'socket.io') {
    protocol = name === 'raw-ws' ? 'tickstream' : 'socketio';
    const entry = name === 'raw-ws' ? 'raw-ws-server.mjs' : 'socketio-server.mjs';
    child = startChild(process.execPath, [...nodeFlags, join(ROOT, 'bench', 'baselines', entry)], {
      cwd: ROOT,
      role: 'subject',
      env: { PORT: String(port), KAFKA_BROKERS: brokers, KAFKA_TOPIC: topic, ...env },
    });
    readyUrl = `http://127.0.0.1:${port}/`;
  } else {
    protocol = 'centrifugo';
    const dir = mkdtempSync(join(tmpdir(), 'bench-centrifugo-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify(centrifugoConfig(port, brokers, topic), null, 2));
    // GOMAXPROCS: the cores it may use — both, or the one it is pinned to with --pin
    // (what Go would choose itself when started with that affinity).
    child = startChild(CENTRIFUGO_BIN, ['--config', config], { cwd: dir, role: 'subject', env: { GOMAXPROCS: pinningEnabled() ? '1' : '2' } });
    readyUrl = `http://127.0.0.1:${port}/health`;
  }
  const exitedEarly = child.exited.then((code) => {
    throw new Error(`${name} exited (${code}) before ready:\n${child.output()}`);
  });
  exitedEarly.catch(() => {});
  await Promise.race([waitFor(() => httpOk(readyUrl), READY_TIMEOUT_MS, `${name} ready at ${readyUrl}`), exitedEarly]);
  return {
    name,
    protocol,
    pid: child.pid,
    port,
    url: wsUrl(protocol, port),
    output: child.output,
    async waitSymbols(count) {
      if (protocol !== 'tickstream' || name === 'raw-ws') return; // the baselines route any symbol
      await waitFor(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/v1/symbols`);
          const body = /** @type {{symbols: string[]}} */ (await res.json());
          return body.symbols.length >= count;
        },
        READY_TIMEOUT_MS,
        `${count} symbols known to ${name}`,
      );
    },
    stop: () => child.stop(15_000),
    async counters() {
      if (name === 'centrifugo') return centrifugoCounters(port);
      if (name !== 'tickstream' && name !== 'tickstream-b') return undefined;
      try {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
        /** @type {Record<string, number>} */
        const out = {};
        for (const line of text.split('\n')) {
          const m = /^tickstream_(ingest_pauses_total|ingest_resumes_total|ingest_paused|conflated_updates_total|lagging_sessions|updates_sent_total|frames_sent_total|slow_consumer\w*|nodejs_eventloop_lag_p99_seconds|nodejs_eventloop_lag_max_seconds)\s+(\S+)/.exec(line);
          if (m) out[m[1]] = Number(m[2]);
        }
        return out;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Centrifugo's own counters (Prometheus /metrics): records its Kafka consumer processed
 * (cumulative; more than the feeder sent means records were consumed twice), consumer
 * errors, connected clients.
 * @param {number} port
 * @returns {Promise<Record<string, number> | undefined>}
 */
async function centrifugoCounters(port) {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
    /** @type {Record<string, number>} */
    const out = {};
    for (const line of text.split('\n')) {
      const m = /^centrifugo_(consumers_messages_processed_total|consumers_errors_total|node_num_clients|node_num_subscriptions)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
      if (m) out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Centrifugo v6 for an open benchmark: anonymous clients may connect and subscribe
 * to channels without namespace; the Kafka consumer publishes each record's value to
 * the channel named in its `centrifugo-channels` header (publication data mode).
 * Limits (v6 keys, checked against `centrifugo defaultconfig` of the built binary):
 * `client.channel_limit` (default 128) is raised to 1000 — the slow scenario's stalled
 * clients subscribe to all 500 symbols and were refused with "limit exceeded";
 * `client.connection_limit` and `client.connection_rate_limit` are 0 (no limit, their
 * default; written out so that idle's 19,500 connections and churn's connect storm
 * cannot meet one). `client.queue_max_size` keeps its default (1 MiB per connection,
 * then the client is disconnected as slow): that is Centrifugo's slow-consumer policy,
 * the counterpart of tickstream's window. Prometheus is on for its consumer counters.
 * @param {number} port
 * @param {string} brokers
 * @param {string} topic
 */
export function centrifugoConfig(port, brokers, topic) {
  return {
    log: { level: 'error' },
    http_server: { address: '127.0.0.1', port },
    health: { enabled: true },
    http_api: { key: 'bench-api-key' },
    client: { insecure: true, allowed_origins: ['*'], channel_limit: 1000, connection_limit: 0, connection_rate_limit: 0 },
    prometheus: { enabled: true },
    channel: {
      without_namespace: { allow_subscribe_for_client: true, allow_subscribe_for_anonymous: true },
    },
    consumers: [
      {
        name: 'ticks',
        enabled: true,
        type: 'kafka',
        kafka: {
          brokers: brokers.split(','),
          topics: [topic],
          consumer_group: `bench-centrifugo-${Date.now()}`,
          fetch_max_wait: '250ms',
          publication_data_mode: { enabled: true, channels_header: 'centrifugo-channels' },
        },
      },
    ],
  };
}
