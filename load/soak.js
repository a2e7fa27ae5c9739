// Soak: a steady population of subscribed connections for a long time (default 3 min). Looks
// for what only shows up over time: latency creep, stalled streams, slow-consumer warnings,
// server-side closes, unanswered pings, and server memory growth (RSS from GET /metrics at
// start and end, when the endpoint is reachable).
//
//   npm run load -- soak                       # 10 VUs × 5 conns × 20 symbols for 3m
//   DURATION=30m VUS=20 npm run load -- soak
//
// Env: TARGET_URL, BASE_URL, VUS (10), CONNS_PER_VU (5), SYMBOLS (20), THROTTLE_MS (0),
//      DURATION (3m), RAMP (5s), PING_EVERY (10s), STALL_AFTER (5s: a subscribed connection
//      with no update for this long counts as a stall), RECONNECT_EVERY (0 = never: else each
//      connection closes and reconnects after this long), LATENCY_SAMPLE (1), P99_MS (1000),
//      K6_BACKLOG_P95_MS (100),
//      MAX_RSS_GROWTH_MB (unset = report only).
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Gauge } from 'k6/metrics';
import { fetchSymbols, pickSymbols, sleepMs, StreamClient } from './lib/client.js';
import {
  BASE_URL,
  FAST_PARSE,
  TARGET_URL,
  envDurationMs,
  envInt,
  envNumber,
  envString,
  msToK6,
} from './lib/config.js';
import { makeHandleSummary, PROTOCOL_INVARIANTS, withBreakdown } from './lib/summary.js';

const VUS = envInt('VUS', 10, 1, 2000);
const CONNS_PER_VU = envInt('CONNS_PER_VU', 5, 1, 1000);
const SYMBOLS = envInt('SYMBOLS', 20, 1, 500);
const THROTTLE_MS = envInt('THROTTLE_MS', 0, 0, 60000);
const DURATION_MS = envDurationMs('DURATION', '3m');
const RAMP_MS = envDurationMs('RAMP', '5s');
const PING_EVERY_MS = envDurationMs('PING_EVERY', '10s');
const STALL_AFTER_MS = envDurationMs('STALL_AFTER', '5s');
const RECONNECT_EVERY_MS = envDurationMs('RECONNECT_EVERY', '0');
const LATENCY_SAMPLE = envInt('LATENCY_SAMPLE', 1, 1);
const K6_BACKLOG_P95_MS = envInt('K6_BACKLOG_P95_MS', 100, 1);
const P99_MS = envInt('P99_MS', 1000, 1);
const MAX_RSS_GROWTH_MB =
  envString('MAX_RSS_GROWTH_MB', undefined) === undefined
    ? undefined
    : envNumber('MAX_RSS_GROWTH_MB', 0);

/** Update tickers received while the whole population is up (after RAMP). */
const tickersInWindow = new Counter('tickers_in_window');
/** Checks (every second) finding a subscribed connection without any update for STALL_AFTER. */
const stalls = new Counter('stream_stalls');
/** Server RSS at the end minus at the start, in MB (set in teardown). */
const rssGrowth = new Gauge('server_rss_growth_mb');

export const options = {
  scenarios: {
    soak: {
      executor: 'per-vu-iterations',
      vus: VUS,
      iterations: 1,
      maxDuration: msToK6(RAMP_MS + DURATION_MS + 60000),
    },
  },
  thresholds: withBreakdown({
    'tickers_received{kind:update}': ['count>0'],
    // Validity guard: when k6 itself falls behind, ticker_latency measures k6, not the service.
    client_queue_delay: [`p(95)<${K6_BACKLOG_P95_MS}`],
    ticker_latency: [`p(99)<${P99_MS}`],
    ...PROTOCOL_INVARIANTS,
    server_warnings: ['count==0'],
    stream_stalls: ['count==0'],
    ...(MAX_RSS_GROWTH_MB === undefined
      ? {}
      : { server_rss_growth_mb: [`value<${MAX_RSS_GROWTH_MB}`] }),
  }),
  summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
};

export function setup() {
  return { symbols: fetchSymbols(), rssBefore: serverRss(), startedAt: Date.now() };
}

export default async function (data) {
  const vuIndex = exec.vu.idInTest - 1;
  const endAt = data.startedAt + RAMP_MS + DURATION_MS;
  const windowStart = data.startedAt + RAMP_MS;
  const lanes = [];
  for (let i = 0; i < CONNS_PER_VU; i++) {
    const index = vuIndex * CONNS_PER_VU + i;
    lanes.push(
      runLane(
        pickSymbols(data.symbols, SYMBOLS, index),
        (RAMP_MS * index) / (VUS * CONNS_PER_VU),
        endAt,
        windowStart,
      ),
    );
  }
  await Promise.all(lanes);
}

/** One connection slot: connect, subscribe, ping periodically, watch for stalls; reconnect if asked. */
async function runLane(symbols, delayMs, endAt, windowStart) {
  await sleepMs(delayMs);
  while (Date.now() < endAt - 1000) {
    const lifetimeEnd =
      RECONNECT_EVERY_MS > 0 ? Math.min(endAt, Date.now() + RECONNECT_EVERY_MS) : endAt;
    let lastUpdateAt = Date.now();
    let windowTickers = 0;
    const client = new StreamClient(TARGET_URL, {
      latencySampleEvery: LATENCY_SAMPLE,
      fastParse: FAST_PARSE,
      onTickers: (kind, tickers) => {
        if (kind !== 'update') return;
        const now = Date.now();
        lastUpdateAt = now;
        if (now >= windowStart && now < endAt) windowTickers += tickers.length;
      },
    });
    if ((await client.connect()) === null) {
      await sleepMs(1000);
      continue;
    }
    await client.subscribe(symbols, { throttleMs: THROTTLE_MS });
    lastUpdateAt = Date.now();
    let nextPing = Date.now() + PING_EVERY_MS;
    while (!client.closed && Date.now() < lifetimeEnd) {
      await sleepMs(Math.min(1000, Math.max(0, lifetimeEnd - Date.now())));
      const now = Date.now();
      if (windowTickers > 0) {
        tickersInWindow.add(windowTickers); // batched once a second
        windowTickers = 0;
      }
      if (now - lastUpdateAt > STALL_AFTER_MS) {
        stalls.add(1);
        lastUpdateAt = now; // count each stalled period once per STALL_AFTER
      }
      if (now >= nextPing && !client.closed && lifetimeEnd - now > 2000) {
        nextPing = now + PING_EVERY_MS;
        client.ping(); // round trip lands in request_rtt{op:ping}; no reply -> unanswered_requests
      }
    }
    await client.close();
    if (windowTickers > 0) tickersInWindow.add(windowTickers);
  }
}

export function teardown(data) {
  const rssAfter = serverRss();
  if (data.rssBefore !== undefined && rssAfter !== undefined) {
    const growthMb = (rssAfter - data.rssBefore) / (1024 * 1024);
    rssGrowth.add(growthMb);
    console.log(
      `server RSS: ${(data.rssBefore / 1048576).toFixed(1)} MB -> ${(rssAfter / 1048576).toFixed(1)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB)`,
    );
  }
}

/** Resident memory of the service from its Prometheus endpoint, or undefined. */
function serverRss() {
  // /metrics takes only METRICS_TOKEN, never a stream credential.
  const metricsToken = __ENV.METRICS_TOKEN;
  const res = http.get(`${BASE_URL}/metrics`, {
    headers: metricsToken ? { Authorization: `Bearer ${metricsToken}` } : {},
    tags: { name: 'GET /metrics' },
    timeout: '5s',
  });
  if (res.status !== 200 || typeof res.body !== 'string') return undefined;
  const match = /^(?:\w+_)?process_resident_memory_bytes\s+([\d.e+]+)/m.exec(res.body);
  return match ? Number(match[1]) : undefined;
}

export const handleSummary = makeHandleSummary({
  title: `soak: ${VUS} VUs × ${CONNS_PER_VU} conns = ${VUS * CONNS_PER_VU} connections × ${SYMBOLS} symbols, throttleMs ${THROTTLE_MS}, ${DURATION_MS / 1000}s${RECONNECT_EVERY_MS ? `, reconnect every ${RECONNECT_EVERY_MS / 1000}s` : ''}`,
  windowMs: DURATION_MS,
});
