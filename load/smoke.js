// Smoke test: a few VUs for ~10 s asserting that protocol v1 works end to end.
// FAILS (non-zero exit) when any check fails or no update ticker arrives.
//
//   npm run load -- smoke                      # against TARGET_URL (default ws://127.0.0.1:8080/v1/stream)
//   npm run load -- smoke --start-server       # starts dist/main.js on a free port first
//
// A third scenario checks the channels beyond ticker (CHANNELS; each must be served): trades
// (seq +1, since resumption), candles (order, `closed`), book (checksum after every entry).
//
// Env: TARGET_URL, BASE_URL, VUS (2), DURATION (10s), SYMBOLS (5), THROTTLE_MS (0),
//      CHANNELS (trades,candles,book; empty = ticker only), CHANNEL_WATCH (2s per channel).
import { check } from 'k6';
import { smokeBook, smokeCandles, smokeTrades } from './lib/channel-smoke.js';
import { fetchSymbols, pickSymbols, sleepMs, StreamClient } from './lib/client.js';
import { envDurationMs, envInt, envString, msToK6, TARGET_URL } from './lib/config.js';
import {
  Channel,
  CloseCode,
  ErrorCode,
  MessageType,
  Op,
  PROTOCOL_VERSION,
  TICKER_CHANNEL,
} from './lib/protocol.js';
import exec from 'k6/execution';
import { PROTOCOL_INVARIANTS } from './lib/summary.js';

const VUS = envInt('VUS', 2, 1, 50);
const DURATION_MS = envDurationMs('DURATION', '10s');
const SYMBOLS = envInt('SYMBOLS', 5, 2, 500);
const THROTTLE_MS = envInt('THROTTLE_MS', 0, 0, 60000);
/** Throttle used by the throttle check (one symbol, watched for THROTTLE_WATCH_MS). */
const CHECK_THROTTLE_MS = 400;
const THROTTLE_WATCH_MS = 2000;
const CHANNELS = envString('CHANNELS', 'trades,candles,book')
  .split(',')
  .map((c) => c.trim())
  .filter((c) => c !== '');
for (const channel of CHANNELS) {
  if (channel === Channel.TICKER || !Object.values(Channel).includes(channel))
    throw new Error(`CHANNELS lists trades, candles and/or book, got '${channel}'`);
}
const CHANNEL_WATCH_MS = envDurationMs('CHANNEL_WATCH', '2s');
/** Symbols per channel in the channels scenario. */
const CHANNEL_SYMBOLS = 3;
const CHANNEL_SMOKE = {
  [Channel.TRADES]: smokeTrades,
  [Channel.CANDLES]: smokeCandles,
  [Channel.BOOK]: smokeBook,
};

export const options = {
  scenarios: {
    protocol: {
      executor: 'constant-vus',
      exec: 'protocol',
      vus: VUS,
      duration: msToK6(DURATION_MS),
      gracefulStop: '15s',
    },
    heartbeat: {
      executor: 'per-vu-iterations',
      exec: 'heartbeat',
      vus: 1,
      iterations: 1,
      maxDuration: msToK6(DURATION_MS + 15000),
    },
    ...(CHANNELS.length > 0
      ? {
          channels: {
            executor: 'per-vu-iterations',
            exec: 'channels',
            vus: 1,
            iterations: 1,
            maxDuration: msToK6(CHANNELS.length * (CHANNEL_WATCH_MS + 15000)),
          },
        }
      : {}),
  },
  thresholds: {
    checks: ['rate==1.0'],
    'tickers_received{kind:update}': ['count>0'],
    ...(CHANNELS.length > 0 ? { 'channel_entries_received{kind:update}': ['count>0'] } : {}),
    ...PROTOCOL_INVARIANTS,
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
};

export function setup() {
  return { symbols: fetchSymbols() };
}

const isString = (v) => typeof v === 'string' && v.length > 0;
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

export async function protocol(data) {
  const symbols = pickSymbols(
    data.symbols,
    SYMBOLS,
    exec.vu.idInTest * 7 + exec.vu.iterationInScenario,
  );
  const [watched, dropped] = [symbols[0], symbols[1]];
  const client = new StreamClient(TARGET_URL, {
    // Every error this iteration provokes is requested with expectErrors; none is expected otherwise.
  });
  const updatesBySymbol = new Map();
  const updateTimes = [];
  client.onTickers = (kind, tickers) => {
    if (kind !== 'update') return;
    const now = Date.now();
    for (const t of tickers) {
      updatesBySymbol.set(t.symbol, (updatesBySymbol.get(t.symbol) || 0) + 1);
      if (t.symbol === watched) updateTimes.push(now);
    }
  };

  // 1. welcome first, protocol 1.
  const welcome = await client.connect();
  if (
    !check(welcome, {
      'welcome is the first frame': (w) => w !== null && client.firstType === MessageType.WELCOME,
      'welcome.protocol is 1': (w) => w !== null && w.protocol === PROTOCOL_VERSION,
      'welcome has sessionId, serverTime, heartbeatMs': (w) =>
        w !== null && isString(w.sessionId) && isNumber(w.serverTime) && isNumber(w.heartbeatMs),
      'welcome has limits': (w) =>
        w !== null &&
        w.limits !== null &&
        typeof w.limits === 'object' &&
        ['maxSymbols', 'minThrottleMs', 'maxMessageBytes', 'maxRequestsPerSecond'].every((k) =>
          isNumber(w.limits[k]),
        ),
    })
  ) {
    await client.close();
    return;
  }
  const expectedThrottle = Math.max(THROTTLE_MS, welcome.limits.minThrottleMs);

  // 2. subscribe -> subscribed (echoing the id), then a snapshot of every symbol before updates.
  const snapshotPromise = client.waitFor((m) => m.type === MessageType.SNAPSHOT, 5000);
  const subscribeId = client.nextId;
  const subscribed = await client.subscribe(symbols, { throttleMs: THROTTLE_MS });
  check(subscribed, {
    'subscribe -> subscribed': (m) => m !== null && m.type === MessageType.SUBSCRIBED,
    'subscribed echoes the request id': (m) => m !== null && m.id === subscribeId,
    'subscribed lists the symbols and channel': (m) =>
      m !== null && m.channel === TICKER_CHANNEL && sameSet(m.symbols, symbols),
    'subscribed has the effective throttleMs': (m) =>
      m !== null && m.throttleMs === expectedThrottle,
  });
  const snapshot = await snapshotPromise;
  check(snapshot, {
    'snapshot follows subscribe': (m) => m !== null,
    'snapshot has every subscribed symbol once': (m) =>
      m !== null &&
      m.channel === TICKER_CHANNEL &&
      sameSet(
        m.data.map((t) => t.symbol),
        symbols,
      ),
    'snapshot tickers are well-formed': (m) => m !== null && m.data.every(isTicker),
  });

  // 3. updates arrive (the simulated market ticks every symbol several times a second).
  const update = await client.waitFor((m) => m.type === MessageType.UPDATE, 5000);
  check(update, {
    'updates arrive': (m) => m !== null,
    'update tickers are well-formed': (m) =>
      m !== null && m.channel === TICKER_CHANNEL && m.data.length > 0 && m.data.every(isTicker),
    'an update carries each symbol at most once': (m) =>
      m !== null && new Set(m.data.map((t) => t.symbol)).size === m.data.length,
  });

  // 4. ping -> pong with the same id (a string id this time).
  const pingId = client.nextId;
  const pong = await client.ping();
  check(pong, {
    'ping -> pong echoing the id': (m) =>
      m !== null && m.type === MessageType.PONG && m.id === pingId,
    'pong has serverTime': (m) => m !== null && isNumber(m.serverTime),
  });
  const stringPong = await requestWithId(client, { op: Op.PING, id: 'smoke-ping' });
  check(stringPong, {
    'string ids are echoed verbatim': (m) =>
      m !== null && m.type === MessageType.PONG && m.id === 'smoke-ping',
  });

  // 5. errors: unknown op, invalid symbol (atomic), unknown symbol, bad JSON, unknown field.
  const unknownOpId = client.nextId;
  const unknownOp = await client.request(
    'frobnicate',
    {},
    { expectErrors: [ErrorCode.UNKNOWN_OP] },
  );
  check(unknownOp, {
    'unknown op -> UNKNOWN_OP with the id': (m) =>
      isError(m, ErrorCode.UNKNOWN_OP) && m.id === unknownOpId,
  });

  const spare = pickSymbols(data.symbols, 1, 1000 + exec.vu.idInTest)[0];
  const freshSymbol = symbols.includes(spare) ? undefined : spare;
  const invalid = await client.subscribe(freshSymbol ? [freshSymbol, 'aapl'] : ['aapl'], {
    expectErrors: [ErrorCode.INVALID_SYMBOL],
  });
  check(invalid, {
    'invalid symbol -> INVALID_SYMBOL naming it': (m) =>
      isError(m, ErrorCode.INVALID_SYMBOL) &&
      Array.isArray(m.symbols) &&
      m.symbols.includes('aapl') &&
      !m.symbols.includes(freshSymbol),
  });

  const unknown = await client.subscribe(['ZZZZ9999'], {
    expectErrors: [ErrorCode.UNKNOWN_SYMBOL],
  });
  check(unknown, {
    'unknown symbol -> UNKNOWN_SYMBOL': (m) => isError(m, ErrorCode.UNKNOWN_SYMBOL),
  });

  const badJson = client.waitFor(
    (m) => m.type === MessageType.ERROR && m.code === ErrorCode.BAD_JSON,
    3000,
  );
  client.expectedErrors.add(ErrorCode.BAD_JSON);
  client.sendRaw('{"op":"ping",');
  check(await badJson, { 'bad JSON -> BAD_JSON': (m) => m !== null });
  client.expectedErrors.delete(ErrorCode.BAD_JSON);

  const badField = await client.request(
    Op.PING,
    { color: 'blue' },
    { expectErrors: [ErrorCode.BAD_REQUEST] },
  );
  check(badField, { 'unknown field -> BAD_REQUEST': (m) => isError(m, ErrorCode.BAD_REQUEST) });

  // 6. list reflects exactly what is subscribed (the refused requests changed nothing).
  const list = await client.request(Op.LIST);
  check(list, {
    'list -> subscriptions': (m) => m !== null && m.type === MessageType.SUBSCRIPTIONS,
    'failed requests changed nothing (atomic)': (m) =>
      m !== null &&
      Array.isArray(m.subscriptions) &&
      sameSet(
        m.subscriptions.map((s) => s.symbol),
        symbols,
      ),
  });

  // 7. throttle: one symbol at CHECK_THROTTLE_MS gets updates no closer than that.
  const throttled = await client.subscribe([watched], { throttleMs: CHECK_THROTTLE_MS });
  check(throttled, {
    're-subscribe changes throttleMs': (m) =>
      m !== null &&
      m.type === MessageType.SUBSCRIBED &&
      m.throttleMs === Math.max(CHECK_THROTTLE_MS, welcome.limits.minThrottleMs),
  });
  updateTimes.length = 0;
  await sleepMs(THROTTLE_WATCH_MS);
  const gaps = updateTimes.slice(1).map((t, i) => t - updateTimes[i]);
  check(gaps, {
    'throttled symbol still updates': () => updateTimes.length >= 2,
    // 10% slack for network and k6 scheduling jitter on a loaded 2-core machine.
    'throttled updates are >= throttleMs apart': (g) =>
      g.every((gap) => gap >= CHECK_THROTTLE_MS * 0.9),
  });

  // 8. unsubscribe -> unsubscribed, and no update of that symbol afterwards (checked per frame).
  const unsubscribed = await client.unsubscribe([dropped]);
  check(unsubscribed, {
    'unsubscribe -> unsubscribed': (m) =>
      m !== null && m.type === MessageType.UNSUBSCRIBED && sameSet(m.symbols, [dropped]),
  });
  await sleepMs(500);

  // 9. per-connection invariants, then a clean close.
  check(client, {
    'seq strictly increasing per symbol': (c) => c.stats.seqViolations === 0,
    'snapshot before updates, none after unsubscribe': (c) => c.stats.orderViolations === 0,
    'every symbol got updates': () => symbols.every((s) => (updatesBySymbol.get(s) || 0) > 0),
  });
  const code = await client.close();
  check(code, { 'close 1000 completes': (c) => c === CloseCode.NORMAL });
}

/** One connection that subscribes to nothing: the server must send a heartbeat after heartbeatMs. */
export async function heartbeat() {
  const client = new StreamClient(TARGET_URL);
  const welcome = await client.connect();
  if (!check(welcome, { 'heartbeat: welcome': (w) => w !== null })) return;
  const started = Date.now();
  const beat = await client.waitFor(
    (m) => m.type === MessageType.HEARTBEAT,
    welcome.heartbeatMs + 3000,
  );
  const after = Date.now() - started;
  check(beat, {
    'heartbeat after heartbeatMs of silence': (m) => m !== null && isNumber(m.serverTime),
    'heartbeat not before heartbeatMs': () => after >= welcome.heartbeatMs * 0.9,
  });
  await client.close();
}

/**
 * The channels beyond ticker, one after the other on one connection (plus a second one that
 * resumes trades): each listed in `welcome.channels`, each channel's own checks, and the
 * per-frame invariants of lib/channel-checks.js throughout.
 */
export async function channels(data) {
  const symbols = pickSymbols(data.symbols, CHANNEL_SYMBOLS, 3);
  const client = new StreamClient(TARGET_URL);
  const welcome = await client.connect();
  if (!check(welcome, { 'channels: welcome': (w) => w !== null })) return;
  const served = Array.isArray(welcome.channels) ? welcome.channels : [];
  check(served, {
    'welcome lists the channels it serves, ticker among them': (c) => c.includes(Channel.TICKER),
  });
  for (const channel of CHANNELS) {
    if (!check(served, { [`welcome lists ${channel}`]: (c) => c.includes(channel) })) continue;
    await CHANNEL_SMOKE[channel](client, symbols, {
      url: TARGET_URL,
      watchMs: CHANNEL_WATCH_MS,
      minThrottleMs: welcome.limits.minThrottleMs,
    });
  }
  check(client, {
    'channels: trades seq +1, candles in order, every book checksum matched': (c) =>
      c.violations === 0,
  });
  await client.close();
}

async function requestWithId(client, message) {
  const reply = client.waitFor((m) => m.id === message.id && m.type !== MessageType.ERROR, 5000);
  client.sendRaw(JSON.stringify(message));
  return reply;
}

function isError(m, code) {
  return (
    m !== null && m.type === MessageType.ERROR && m.code === code && typeof m.message === 'string'
  );
}

function isTicker(t) {
  return (
    t !== null &&
    typeof t === 'object' &&
    isString(t.symbol) &&
    Number.isInteger(t.seq) &&
    isNumber(t.ts) &&
    isNumber(t.bid) &&
    isNumber(t.ask) &&
    isNumber(t.last)
  );
}

function sameSet(a, b) {
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}
