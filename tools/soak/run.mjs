// Soak: many connects, subscribes, unsubscribes and disconnects against the built
// service for a while, sampling the server's RSS, and failing if memory keeps
// growing once warmed up. `npm run soak -- [--duration 300] [--clients 200]`.
// Plain Node ESM; loopback only; bounded in time and connections.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { WebSocket } from 'ws';
import { intOption, parseOptions, UsageError } from '../lib/cli-options.mjs';

const USAGE =
  'usage: npm run soak -- [--duration <seconds, 10..86400; 300>] [--clients <1..5000; 200>]';

function parseSoakArgs(argv) {
  const { values } = parseOptions(
    argv,
    { duration: { type: 'string' }, clients: { type: 'string' } },
    USAGE,
  );
  return {
    durationS: intOption(
      'duration',
      values.duration,
      { min: 10, max: 86_400, fallback: 300 },
      USAGE,
    ),
    clients: intOption('clients', values.clients, { min: 1, max: 5000, fallback: 200 }, USAGE),
  };
}

let parsed;
try {
  parsed = parseSoakArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const DURATION_S = parsed.durationS;
const CLIENTS = parsed.clients;
const SAMPLE_MS = 2000;
/** Allowed RSS growth between the second quarter and the last quarter of the run. */
const MAX_GROWTH_MB = 40;

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const port = await freePort();
const server = spawn(process.execPath, ['dist/main.js'], {
  env: {
    // Each simulated step now also makes a trade and a book delta: 700 steps/s is the
    // allocation load 2,000 ticks/s was before the trades and book channels.
    SIM_RATE: '700',
    LOG_LEVEL: 'warn',
    // The soak looks for what connections leave behind. The market's own retention is bounded
    // but, at its defaults, fills for minutes (1,000 trades and 1,000 bars per interval per
    // symbol); kept small, it is full within the warm-up and does not read as a leak.
    TRADES_HISTORY: '50',
    CANDLE_HISTORY: '20',
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (i > 300) throw new Error('the service did not become ready');
  if (
    await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await sleep(100);
}
const { symbols } = await (await fetch(`${base}/v1/symbols`)).json();

const stats = {
  connections: 0,
  subscribes: 0,
  updates: 0,
  errors: new Map(),
  unexpectedCloses: new Map(),
};
const deadline = Date.now() + DURATION_S * 1000;
const pick = (n) =>
  Array.from({ length: n }, () => symbols[Math.floor(Math.random() * symbols.length)]);

/** One client's life: connect, subscribe, churn its subscriptions, leave (politely or not). */
function life() {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/v1/stream`);
    let id = 0;
    const send = (request) =>
      socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ ...request, id: ++id }));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'update') stats.updates += message.data.length;
      else if (message.type === 'error')
        stats.errors.set(message.code, (stats.errors.get(message.code) ?? 0) + 1);
      else if (message.type === 'welcome') {
        stats.connections++;
        stats.subscribes++;
        send({
          op: 'subscribe',
          symbols: [...new Set(pick(10))],
          throttleMs: [0, 100, 500][id % 3],
        });
        setTimeout(() => send({ op: 'unsubscribe', symbols: pick(3) }), 300);
        setTimeout(() => send({ op: 'subscribe', symbols: [...new Set(pick(5))] }), 600);
        const stay = 500 + Math.random() * 1500;
        setTimeout(() => (Math.random() < 0.2 ? socket.terminate() : socket.close(1000)), stay);
      }
    });
    socket.on('close', (code) => {
      if (code !== 1000 && code !== 1005 && code !== 1006)
        stats.unexpectedCloses.set(code, (stats.unexpectedCloses.get(code) ?? 0) + 1);
      resolve();
    });
    socket.on('error', () => undefined);
  });
}

async function worker() {
  while (Date.now() < deadline) await life();
}

const samples = [];
const sampler = setInterval(
  () => samples.push({ t: Date.now(), rss: rssMb(server.pid) }),
  SAMPLE_MS,
);
const started = Date.now();
await Promise.all(Array.from({ length: CLIENTS }, worker));
clearInterval(sampler);
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));

const quarter = Math.max(1, Math.floor(samples.length / 4));
const warm = median(samples.slice(quarter, 2 * quarter).map((s) => s.rss));
const late = median(samples.slice(-quarter).map((s) => s.rss));
const seconds = (Date.now() - started) / 1000;
console.log(`soak: ${seconds.toFixed(0)} s, ${CLIENTS} concurrent clients`);
console.log(
  `  connections ${stats.connections} (${(stats.connections / seconds).toFixed(0)}/s), subscribes ${stats.subscribes}, tickers received ${stats.updates}`,
);
console.log(
  `  errors ${JSON.stringify(Object.fromEntries(stats.errors))}, unexpected closes ${JSON.stringify(Object.fromEntries(stats.unexpectedCloses))}`,
);
console.log(
  `  server RSS MiB: first ${samples[0]?.rss.toFixed(1)}, warm (2nd quarter median) ${warm.toFixed(1)}, last quarter median ${late.toFixed(1)}, max ${Math.max(...samples.map((s) => s.rss)).toFixed(1)}`,
);
console.log(`  RSS samples: ${samples.map((s) => s.rss.toFixed(0)).join(' ')}`);
const failures = [];
if (late - warm > MAX_GROWTH_MB)
  failures.push(`RSS grew ${(late - warm).toFixed(1)} MiB after warm-up (limit ${MAX_GROWTH_MB})`);
if (stats.errors.size > 0) failures.push('the server answered with errors');
if (stats.unexpectedCloses.size > 0) failures.push('connections were closed with unexpected codes');
if (stats.connections === 0) failures.push('no connection completed');
console.log(failures.length ? `soak FAILED: ${failures.join('; ')}` : 'soak passed');
process.exit(failures.length ? 1 : 0);
