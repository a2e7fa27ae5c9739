// Spike: from a few connections to many quickly and back (ramping-vus stages). Each VU
// iteration opens CONNS_PER_VU connections, subscribes SYMBOLS each, holds them for HOLD and
// closes them, so the population follows the VU curve with steady churn. Watches connect time,
// time to snapshot, latency and failures while the population jumps.
//
//   npm run load -- spike                      # 2 -> 40 VUs (× 2 conns) -> 2
//   BASE_VUS=5 VUS=100 PEAK=1m npm run load -- spike
//
// Env: TARGET_URL, BASE_URL, BASE_VUS (2), VUS (peak, 40), CONNS_PER_VU (2), SYMBOLS (10),
//      THROTTLE_MS (0), WARM (10s at BASE_VUS), RAMP_UP (5s), PEAK (20s at VUS), RAMP_DOWN (5s),
//      COOL (10s at BASE_VUS), HOLD (5s connection lifetime), LATENCY_SAMPLE (1),
//      CONNECT_P95_MS (1000), SNAPSHOT_P95_MS (1000), P99_MS (2000), K6_BACKLOG_P95_MS (100).
import exec from 'k6/execution';
import { fetchSymbols, pickSymbols, sleepMs, StreamClient } from './lib/client.js';
import { FAST_PARSE, TARGET_URL, envDurationMs, envInt, msToK6 } from './lib/config.js';
import { makeHandleSummary, PROTOCOL_INVARIANTS, withBreakdown } from './lib/summary.js';

const BASE_VUS = envInt('BASE_VUS', 2, 0, 2000);
const PEAK_VUS = envInt('VUS', 40, 1, 2000);
const CONNS_PER_VU = envInt('CONNS_PER_VU', 2, 1, 1000);
const SYMBOLS = envInt('SYMBOLS', 10, 1, 500);
const THROTTLE_MS = envInt('THROTTLE_MS', 0, 0, 60000);
const WARM_MS = envDurationMs('WARM', '10s');
const RAMP_UP_MS = envDurationMs('RAMP_UP', '5s');
const PEAK_MS = envDurationMs('PEAK', '20s');
const RAMP_DOWN_MS = envDurationMs('RAMP_DOWN', '5s');
const COOL_MS = envDurationMs('COOL', '10s');
const HOLD_MS = envDurationMs('HOLD', '5s');
const LATENCY_SAMPLE = envInt('LATENCY_SAMPLE', 1, 1);
const K6_BACKLOG_P95_MS = envInt('K6_BACKLOG_P95_MS', 100, 1);
const CONNECT_P95_MS = envInt('CONNECT_P95_MS', 1000, 1);
const SNAPSHOT_P95_MS = envInt('SNAPSHOT_P95_MS', 1000, 1);
const P99_MS = envInt('P99_MS', 2000, 1);

export const options = {
  scenarios: {
    spike: {
      executor: 'ramping-vus',
      startVUs: BASE_VUS,
      stages: [
        { duration: msToK6(WARM_MS), target: BASE_VUS },
        { duration: msToK6(RAMP_UP_MS), target: PEAK_VUS },
        { duration: msToK6(PEAK_MS), target: PEAK_VUS },
        { duration: msToK6(RAMP_DOWN_MS), target: BASE_VUS },
        { duration: msToK6(COOL_MS), target: BASE_VUS },
      ],
      // Let running iterations finish their HOLD and close cleanly when VUs are retired.
      gracefulRampDown: msToK6(HOLD_MS + 15000),
      gracefulStop: msToK6(HOLD_MS + 15000),
    },
  },
  thresholds: withBreakdown({
    'tickers_received{kind:update}': ['count>0'],
    ws_connecting: [`p(95)<${CONNECT_P95_MS}`],
    time_to_snapshot: [`p(95)<${SNAPSHOT_P95_MS}`],
    // Validity guard: when k6 itself falls behind, ticker_latency measures k6, not the service.
    client_queue_delay: [`p(95)<${K6_BACKLOG_P95_MS}`],
    ticker_latency: [`p(99)<${P99_MS}`],
    ...PROTOCOL_INVARIANTS,
  }),
  summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
};

export function setup() {
  return { symbols: fetchSymbols() };
}

export default async function (data) {
  const base = (exec.vu.idInTest * 31 + exec.vu.iterationInScenario * 7) * CONNS_PER_VU;
  const clients = [];
  for (let i = 0; i < CONNS_PER_VU; i++) {
    clients.push(
      new StreamClient(TARGET_URL, { latencySampleEvery: LATENCY_SAMPLE, fastParse: FAST_PARSE }),
    );
  }
  await Promise.all(
    clients.map(async (client, i) => {
      if ((await client.connect()) === null) return;
      await client.subscribe(pickSymbols(data.symbols, SYMBOLS, base + i), {
        throttleMs: THROTTLE_MS,
      });
    }),
  );
  await sleepMs(HOLD_MS);
  await Promise.all(clients.map((c) => c.close()));
}

export const handleSummary = makeHandleSummary({
  title: `spike: ${BASE_VUS} -> ${PEAK_VUS} -> ${BASE_VUS} VUs × ${CONNS_PER_VU} conns (peak ${PEAK_VUS * CONNS_PER_VU} connections) × ${SYMBOLS} symbols, ${HOLD_MS / 1000}s per connection`,
});
