// Fan-out: many connections × N symbols each, held for DURATION; measures delivered update
// tickers/s and end-to-end latency (Date.now() - ticker.ts) p50/p95/p99.
//
//   VUS=20 CONNS_PER_VU=5 SYMBOLS=20 DURATION=15s npm run load -- fanout
//
// Env: TARGET_URL, BASE_URL, VUS (20), CONNS_PER_VU (5), SYMBOLS (20), THROTTLE_MS (0),
//      DURATION (30s: hold time after subscribing), RAMP (2s: connections open spread over it),
//      LATENCY_SAMPLE (1: record latency of 1 in N tickers; raise it if k6 runs hot),
//      K6_BACKLOG_P95_MS (100: fail when k6's own receive queue p95 exceeds it),
//      P95_MS (250), P99_MS (500): latency thresholds.
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { fetchSymbols, pickSymbols, sleepMs, StreamClient } from './lib/client.js';
import { FAST_PARSE, TARGET_URL, envDurationMs, envInt, msToK6 } from './lib/config.js';
import { makeHandleSummary, PROTOCOL_INVARIANTS, withBreakdown } from './lib/summary.js';

const VUS = envInt('VUS', 20, 1, 2000);
const CONNS_PER_VU = envInt('CONNS_PER_VU', 5, 1, 1000);
const SYMBOLS = envInt('SYMBOLS', 20, 1, 500);
const THROTTLE_MS = envInt('THROTTLE_MS', 0, 0, 60000);
const HOLD_MS = envDurationMs('DURATION', '30s');
const RAMP_MS = envDurationMs('RAMP', '2s');
const LATENCY_SAMPLE = envInt('LATENCY_SAMPLE', 1, 1);
const K6_BACKLOG_P95_MS = envInt('K6_BACKLOG_P95_MS', 100, 1);
const P95_MS = envInt('P95_MS', 250, 1);
const P99_MS = envInt('P99_MS', 500, 1);

/** Update tickers received during each connection's hold window (the steady-state figure). */
const tickersInWindow = new Counter('tickers_in_window');

export const options = {
  scenarios: {
    fanout: {
      executor: 'per-vu-iterations',
      vus: VUS,
      iterations: 1,
      maxDuration: msToK6(RAMP_MS + HOLD_MS + 60000),
    },
  },
  thresholds: withBreakdown({
    'tickers_received{kind:update}': ['count>0'],
    // Validity guard: when k6 itself falls behind, ticker_latency measures k6, not the service.
    client_queue_delay: [`p(95)<${K6_BACKLOG_P95_MS}`],
    ticker_latency: [`p(95)<${P95_MS}`, `p(99)<${P99_MS}`],
    ...PROTOCOL_INVARIANTS,
  }),
  summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max', 'count'],
};

export function setup() {
  return { symbols: fetchSymbols() };
}

export default async function (data) {
  const vuIndex = exec.vu.idInTest - 1;
  const clients = [];
  const opened = [];
  for (let i = 0; i < CONNS_PER_VU; i++) {
    const index = vuIndex * CONNS_PER_VU + i;
    const client = new StreamClient(TARGET_URL, {
      latencySampleEvery: LATENCY_SAMPLE,
      fastParse: FAST_PARSE,
    });
    clients.push(client);
    opened.push(
      openAndSubscribe(
        client,
        pickSymbols(data.symbols, SYMBOLS, index),
        (RAMP_MS * index) / (VUS * CONNS_PER_VU),
      ),
    );
  }
  await Promise.all(opened);

  // Hold: count update tickers from now on (snapshots and ramp-up excluded).
  const before = clients.reduce((sum, c) => sum + c.stats.updateTickers, 0);
  await sleepMs(HOLD_MS);
  const after = clients.reduce((sum, c) => sum + c.stats.updateTickers, 0);
  tickersInWindow.add(after - before);
  await Promise.all(clients.map((c) => c.close()));
}

async function openAndSubscribe(client, symbols, delayMs) {
  if (delayMs > 0) await sleepMs(delayMs);
  const welcome = await client.connect();
  if (welcome === null) return;
  await client.subscribe(symbols, { throttleMs: THROTTLE_MS });
}

export const handleSummary = makeHandleSummary({
  title: `fanout: ${VUS} VUs × ${CONNS_PER_VU} conns = ${VUS * CONNS_PER_VU} connections × ${SYMBOLS} symbols, throttleMs ${THROTTLE_MS}, hold ${HOLD_MS / 1000}s${LATENCY_SAMPLE > 1 ? `, latency sampled 1/${LATENCY_SAMPLE}` : ''}`,
  windowMs: HOLD_MS,
});
