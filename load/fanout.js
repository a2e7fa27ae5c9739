// Fan-out: many connections × N symbols each, held for DURATION; measures delivered update
// tickers/s (or entries/s of another channel) and end-to-end latency (Date.now() - ts) p50/p95/p99.
//
//   VUS=20 CONNS_PER_VU=5 SYMBOLS=20 DURATION=15s npm run load -- fanout
//   CHANNEL=book DEPTH=10 THROTTLE_MS=100 npm run load -- fanout
//
// Env: TARGET_URL, BASE_URL, VUS (20), CONNS_PER_VU (5), SYMBOLS (20), THROTTLE_MS (0),
//      CHANNEL (ticker | trades | candles | book; default ticker), INTERVAL (candles: 1s),
//      HISTORY (candles: 10), DEPTH (book: 10),
//      DURATION (30s: hold time after subscribing), RAMP (2s: connections open spread over it),
//      LATENCY_SAMPLE (1: record latency of 1 in N tickers; raise it if k6 runs hot),
//      K6_BACKLOG_P95_MS (100: fail when k6's own receive queue p95 exceeds it),
//      P95_MS (250), P99_MS (500): latency thresholds.
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { fetchSymbols, pickSymbols, sleepMs, StreamClient } from './lib/client.js';
import { FAST_PARSE, TARGET_URL, envDurationMs, envInt, envString, msToK6 } from './lib/config.js';
import { BOOK_DEPTHS, CANDLE_INTERVAL_MS } from './lib/market.js';
import { Channel } from './lib/protocol.js';
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
const CHANNEL = envString('CHANNEL', Channel.TICKER);
if (!Object.values(Channel).includes(CHANNEL))
  throw new Error(`CHANNEL must be one of ${Object.values(Channel).join(', ')}, got '${CHANNEL}'`);
const INTERVAL = envString('INTERVAL', '1s');
if (CANDLE_INTERVAL_MS[INTERVAL] === undefined)
  throw new Error(`INTERVAL must be one of ${Object.keys(CANDLE_INTERVAL_MS).join(', ')}`);
const HISTORY = envInt('HISTORY', 10, 0, 1000);
const DEPTH = envInt('DEPTH', 10, 1);
if (!BOOK_DEPTHS.includes(DEPTH)) throw new Error(`DEPTH must be one of ${BOOK_DEPTHS.join(', ')}`);
const TICKER = CHANNEL === Channel.TICKER;

/** The subscribe parameters of the chosen channel (trades take no throttle). */
const SUBSCRIBE_OPTIONS = {
  [Channel.TICKER]: { throttleMs: THROTTLE_MS },
  [Channel.TRADES]: { channel: Channel.TRADES },
  [Channel.CANDLES]: {
    channel: Channel.CANDLES,
    interval: INTERVAL,
    history: HISTORY,
    throttleMs: THROTTLE_MS,
  },
  [Channel.BOOK]: { channel: Channel.BOOK, depth: DEPTH, throttleMs: THROTTLE_MS },
}[CHANNEL];

/** Update tickers received during each connection's hold window (the steady-state figure). */
const tickersInWindow = new Counter('tickers_in_window');
/** The same for the entries of the other channels (trades, bars, book entries). */
const entriesInWindow = new Counter('entries_in_window');

/**
 * What data flowing and its latency mean on the chosen channel: tickers and their latency on
 * ticker; entries on the others, with latency from trade/book `ts` (candles carry no source time).
 */
const FLOW_THRESHOLDS = TICKER
  ? {
      'tickers_received{kind:update}': ['count>0'],
      ticker_latency: [`p(95)<${P95_MS}`, `p(99)<${P99_MS}`],
    }
  : {
      [`channel_entries_received{channel:${CHANNEL}}`]: ['count>0'],
      ...(CHANNEL === Channel.CANDLES
        ? {}
        : { channel_latency: [`p(95)<${P95_MS}`, `p(99)<${P99_MS}`] }),
    };

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
    ...FLOW_THRESHOLDS,
    // Validity guard: when k6 itself falls behind, latency measures k6, not the service.
    client_queue_delay: [`p(95)<${K6_BACKLOG_P95_MS}`],
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

  // Hold: count update tickers (entries) from now on (snapshots and ramp-up excluded).
  const stat = TICKER ? 'updateTickers' : 'channelUpdateEntries';
  const before = clients.reduce((sum, c) => sum + c.stats[stat], 0);
  await sleepMs(HOLD_MS);
  const after = clients.reduce((sum, c) => sum + c.stats[stat], 0);
  (TICKER ? tickersInWindow : entriesInWindow).add(after - before);
  await Promise.all(clients.map((c) => c.close()));
}

async function openAndSubscribe(client, symbols, delayMs) {
  if (delayMs > 0) await sleepMs(delayMs);
  const welcome = await client.connect();
  if (welcome === null) return;
  await client.subscribe(symbols, SUBSCRIBE_OPTIONS);
}

export const handleSummary = makeHandleSummary({
  title: `fanout ${CHANNEL}${CHANNEL === Channel.CANDLES ? ` ${INTERVAL}` : ''}${CHANNEL === Channel.BOOK ? ` depth ${DEPTH}` : ''}: ${VUS} VUs × ${CONNS_PER_VU} conns = ${VUS * CONNS_PER_VU} connections × ${SYMBOLS} symbols, throttleMs ${CHANNEL === Channel.TRADES ? 0 : THROTTLE_MS}, hold ${HOLD_MS / 1000}s${LATENCY_SAMPLE > 1 ? `, latency sampled 1/${LATENCY_SAMPLE}` : ''}`,
  windowMs: HOLD_MS,
});
