// Subscribe storm: connection churn plus bursts of subscribe/unsubscribe. Each iteration
// connects, runs BURSTS rounds of subscribe(SYMBOLS random symbols) + unsubscribe (paced to stay
// within the announced maxRequestsPerSecond), holds HOLD, and disconnects. Every
// OVER_LIMIT_EVERY-th iteration of a VU then deliberately fires maxRequestsPerSecond+OVER_LIMIT
// pings back to back: some must get RATE_LIMITED, no more may pass than the token bucket allows,
// and only those requests may get an error. Any other error code, unanswered request or
// server-side close fails the run.
//
//   VUS=10 DURATION=30s npm run load -- subscribe-storm
//
// Env: TARGET_URL, BASE_URL, VUS (10), DURATION (30s), SYMBOLS (10 per subscribe), BURSTS (5),
//      THROTTLE_MS (0), HOLD (1s), OVER_LIMIT_EVERY (3; 0 = never), OVER_LIMIT (10),
//      RTT_P95_MS (250).
import { check } from 'k6';
import exec from 'k6/execution';
import { fetchSymbols, pickSymbols, sleepMs, StreamClient } from './lib/client.js';
import { FAST_PARSE, TARGET_URL, envDurationMs, envInt, msToK6 } from './lib/config.js';
import { ErrorCode, MessageType } from './lib/protocol.js';
import { makeHandleSummary, PROTOCOL_INVARIANTS, withBreakdown } from './lib/summary.js';

const VUS = envInt('VUS', 10, 1, 1000);
const DURATION_MS = envDurationMs('DURATION', '30s');
const SYMBOLS = envInt('SYMBOLS', 10, 1, 500);
const BURSTS = envInt('BURSTS', 5, 1, 1000);
const THROTTLE_MS = envInt('THROTTLE_MS', 0, 0, 60000);
const HOLD_MS = envDurationMs('HOLD', '1s');
const OVER_LIMIT_EVERY = envInt('OVER_LIMIT_EVERY', 3, 0);
const OVER_LIMIT = envInt('OVER_LIMIT', 10, 1, 30);
const RTT_P95_MS = envInt('RTT_P95_MS', 250, 1);

export const options = {
  scenarios: {
    storm: {
      executor: 'constant-vus',
      vus: VUS,
      duration: msToK6(DURATION_MS),
      gracefulStop: '20s',
    },
  },
  thresholds: withBreakdown({
    checks: ['rate==1.0'],
    ...PROTOCOL_INVARIANTS,
    'request_rtt{op:subscribe}': [`p(95)<${RTT_P95_MS}`],
    'request_rtt{op:unsubscribe}': [`p(95)<${RTT_P95_MS}`],
  }),
  summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
};

export function setup() {
  return { symbols: fetchSymbols() };
}

export default async function (data) {
  const client = new StreamClient(TARGET_URL, { fastParse: FAST_PARSE });
  const welcome = await client.connect();
  if (welcome === null) return;
  const limit = welcome.limits.maxRequestsPerSecond;
  // Stay within the token bucket (burst = limit, refill = limit/s): the first limit-2 requests
  // go back to back, later ones are spaced a little over 1/limit s apart.
  const spacingMs = 2 * BURSTS > limit - 2 ? Math.ceil(1100 / limit) : 0;
  let sent = 0;
  const pace = async () => {
    if (++sent > limit - 2 && spacingMs > 0) await sleepMs(spacingMs);
  };

  for (let round = 0; round < BURSTS; round++) {
    const symbols = pickSymbols(
      data.symbols,
      SYMBOLS,
      Math.floor(Math.random() * data.symbols.length),
    );
    await pace();
    const sub = await client.subscribe(symbols, { throttleMs: THROTTLE_MS });
    check(sub, {
      'subscribe -> subscribed': (m) => m !== null && m.type === MessageType.SUBSCRIBED,
    });
    await pace();
    const unsub = await client.unsubscribe(symbols);
    check(unsub, {
      'unsubscribe -> unsubscribed': (m) => m !== null && m.type === MessageType.UNSUBSCRIBED,
    });
  }
  // Keep one subscription while holding, so the connection also receives updates.
  await pace();
  await client.subscribe(pickSymbols(data.symbols, SYMBOLS, exec.vu.idInTest), {
    throttleMs: THROTTLE_MS,
  });
  await sleepMs(HOLD_MS);

  if (
    OVER_LIMIT_EVERY > 0 &&
    exec.vu.iterationInScenario % OVER_LIMIT_EVERY === OVER_LIMIT_EVERY - 1
  ) {
    const replies = [];
    const started = Date.now();
    for (let i = 0; i < limit + OVER_LIMIT; i++)
      replies.push(client.ping({ expectErrors: [ErrorCode.RATE_LIMITED] }));
    const results = await Promise.all(replies);
    const elapsedMs = Date.now() - started;
    const limited = results.filter(
      (m) => m !== null && m.type === MessageType.ERROR && m.code === ErrorCode.RATE_LIMITED,
    ).length;
    const pongs = results.filter((m) => m !== null && m.type === MessageType.PONG).length;
    // Token bucket: at most `limit` (burst) + what refills while the burst is in flight.
    const allowed = limit + Math.ceil((elapsedMs * limit) / 1000) + 1;
    check(results, {
      'over-limit burst: every request answered': () => limited + pongs === results.length,
      'over-limit burst: some requests RATE_LIMITED': () => limited > 0,
      'over-limit burst: no more accepted than the bucket allows': () => pongs <= allowed,
    });
  }

  const code = await client.close();
  check(code, { 'close 1000': (c) => c === 1000 });
}

export const handleSummary = makeHandleSummary({
  title: `subscribe-storm: ${VUS} VUs for ${DURATION_MS / 1000}s, ${BURSTS} × (subscribe+unsubscribe ${SYMBOLS} symbols) per connection, over-limit burst every ${OVER_LIMIT_EVERY || 'never'} iterations`,
});
