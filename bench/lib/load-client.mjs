// @ts-check
// One load-client process (the runner starts several: each has its own CPU and file
// descriptors). Holds WebSocket connections speaking one subject's protocol and, for
// every frame, scans the bytes for each ticker's `"symbol":"…"`, `"seq":<digits>` and
// `"ts":<digits>` — no JSON parsing — to count the tickers whose source time falls in
// the measurement window and their latency. A ticker counts once: per connection and
// symbol the highest `seq` seen and a bitmap of the 32 below it tell a repeat (same
// client, symbol and seq: a duplicate, counted apart) from a first arrival; a ticker of
// a symbol the connection did not subscribe to is counted as foreign, never delivered.
// Driven by the runner over IPC (see LoadClients in load-clients.mjs).
//
// `book` subscriptions (the book scenario) are scanned per entry instead: `"symbol":"`,
// then `"seq":` and `"ts":` after it (the entry's first fields; levels hold neither). An
// entry whose `ts` is in the window is a latency sample (receive time − `ts`, the source
// time of the latest change it includes); every entry with `ts` ≥ t0 is kept per
// (connection, symbol) as (seq, receive time), so that the report can tell, for each
// change the feeder counted, when the first entry including it arrived (see bookReport).
import { RawWebSocket } from './raw-ws.mjs';
import { Histogram } from './histogram.mjs';
import { handshake, isUpdateFrame, answerPing, isBookEntriesFrame, isWarningFrame } from './protocols.mjs';

const TS_NEEDLE = Buffer.from('"ts":');
const SYMBOL_NEEDLE = Buffer.from('"symbol":"');
const SEQ_NEEDLE = Buffer.from('"seq":');
const QUOTE = 0x22;
/** `,"seq":` and `,"ts":` right after the symbol's closing quote: the field order of every subject's tickers. */
const SEQ_NEXT = Buffer.from(',"seq":');
const TS_NEXT = Buffer.from(',"ts":');
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Seqs this far below the highest seen are remembered one by one (bitmap). */
const SEQ_WINDOW = 32;

/** @typedef {import('./protocols.mjs').ProtocolName} ProtocolName */

/** Measurement state of this process. */
const m = {
  t0: Infinity,
  t1: -Infinity,
  /** First arrivals with `ts` in the window. */
  delivered: 0,
  /** Repeats (same connection, symbol and seq) with `ts` in the window. */
  duplicates: 0,
  /** Tickers with `ts` in the window for a symbol the connection did not subscribe to. */
  foreign: 0,
  /** Tickers with `ts` in the window but no `seq` (counted as delivered, cannot be checked). */
  seqless: 0,
  tickers: 0,
  frames: 0,
  hist: new Histogram(),
};
/** @type {Map<string, number>} close codes of fast (non-stalled) connections after connect */
const closes = new Map();
/** @type {Map<string, number>} close codes of stalled connections */
const stalledCloses = new Map();
/** @type {Set<RawWebSocket>} */
const sockets = new Set();

/**
 * Book subscriptions of this process: per connection, per symbol, the entries received
 * with `ts` ≥ t0 as `seq, receive time − t0` pairs, in receive order. Kept after a
 * connection closes: its changes are owed all the same (and count as missed).
 * @type {Map<string, number[]>[]}
 */
const bookRoutes = [];
/** Book-mode counters of the window. */
const b = {
  /** Entries received (any `ts`). */
  entries: 0,
  /** SLOW_CONSUMER warnings received. */
  warnings: 0,
  /** Recording (seq, receive time) pairs: from `window` until `report`. */
  recording: false,
};

/**
 * 32-bit FNV-1a of a symbol (its bytes in the frame are hashed the same way in `scan`).
 * @param {string} symbol  ASCII
 */
function symbolHash(symbol) {
  let h = FNV_OFFSET;
  for (let k = 0; k < symbol.length; k++) h = Math.imul(h ^ symbol.charCodeAt(k), FNV_PRIME);
  return h >>> 0;
}

/**
 * Per-connection delivery state: symbol hash → [highest seq seen, bitmap of seqs
 * highest, highest − 1, … highest − 31 seen].
 * @typedef {Map<number, Float64Array>} Routes
 */

/**
 * @param {readonly string[]} symbols
 * @returns {Routes}
 */
function routesOf(symbols) {
  return new Map(symbols.map((symbol) => [symbolHash(symbol), new Float64Array(2)]));
}

/**
 * Records `seq` on a route; true on its first arrival, false for a repeat (or a seq more
 * than SEQ_WINDOW below the highest seen: in-order subjects never send one first).
 * @param {Float64Array} route
 * @param {number} seq
 */
function firstArrival(route, seq) {
  const max = route[0];
  if (seq > max) {
    const shift = seq - max;
    route[1] = shift >= SEQ_WINDOW ? 1 : ((route[1] << shift) | 1) >>> 0;
    route[0] = seq;
    return true;
  }
  const d = max - seq;
  if (d >= SEQ_WINDOW) return false;
  const bit = (1 << d) >>> 0;
  if ((route[1] & bit) !== 0) return false;
  route[1] = (route[1] | bit) >>> 0;
  return true;
}

/**
 * @param {Buffer} buf
 * @param {number} at
 * @param {Buffer} needle
 */
function bytesAt(buf, at, needle) {
  for (let k = 0; k < needle.length; k++) if (buf[at + k] !== needle[k]) return false;
  return true;
}

/**
 * Counts tickers in the frame buf[start..end): for each `"symbol":"`, the symbol's hash,
 * then `seq` and `ts` (right after it in every subject's tickers; searched for otherwise).
 * @param {Buffer} buf
 * @param {number} start
 * @param {number} end
 * @param {number} now
 * @param {Routes} routes  this connection's symbols
 */
function scan(buf, start, end, now, routes) {
  m.frames++;
  let i = buf.indexOf(SYMBOL_NEEDLE, start);
  while (i !== -1 && i < end) {
    let e = i + SYMBOL_NEEDLE.length;
    let h = FNV_OFFSET;
    for (let c = buf[e]; c !== QUOTE && e < end; c = buf[++e]) h = Math.imul(h ^ c, FNV_PRIME);
    let seq = -1;
    let j = e + 1;
    if (bytesAt(buf, j, SEQ_NEXT)) {
      j += SEQ_NEXT.length;
    } else {
      const t = buf.indexOf(TS_NEEDLE, j);
      const q = buf.indexOf(SEQ_NEEDLE, j);
      j = q !== -1 && (t === -1 || q < t) ? q + SEQ_NEEDLE.length : -1;
    }
    if (j !== -1) {
      seq = 0;
      for (let c = buf[j]; c >= 48 && c <= 57; c = buf[++j]) seq = seq * 10 + (c - 48);
    } else {
      j = e + 1;
    }
    if (bytesAt(buf, j, TS_NEXT)) j += TS_NEXT.length;
    else {
      j = buf.indexOf(TS_NEEDLE, j);
      if (j === -1 || j >= end) break;
      j += TS_NEEDLE.length;
    }
    let ts = 0;
    for (let c = buf[j]; c >= 48 && c <= 57; c = buf[++j]) ts = ts * 10 + (c - 48);
    m.tickers++;
    const route = routes.get(h >>> 0);
    const first = route === undefined || seq < 0 || firstArrival(route, seq);
    if (ts >= m.t0 && ts < m.t1) {
      if (route === undefined) m.foreign++;
      else if (!first) m.duplicates++;
      else {
        if (seq < 0) m.seqless++;
        m.delivered++;
        m.hist.record(now - ts);
      }
    }
    i = buf.indexOf(SYMBOL_NEEDLE, j);
  }
}

/**
 * Scans one book frame buf[start..end): every entry's symbol, seq and ts.
 * @param {Buffer} buf
 * @param {number} start
 * @param {number} end
 * @param {number} now
 * @param {Map<string, number[]>} routes  this connection's entries by symbol
 */
function scanBook(buf, start, end, now, routes) {
  m.frames++;
  let i = buf.indexOf(SYMBOL_NEEDLE, start);
  while (i !== -1 && i < end) {
    const s = i + SYMBOL_NEEDLE.length;
    let e = s;
    while (e < end && buf[e] !== QUOTE) e++;
    let j = buf.indexOf(SEQ_NEEDLE, e) + SEQ_NEEDLE.length;
    let seq = 0;
    for (let c = buf[j]; c >= 48 && c <= 57; c = buf[++j]) seq = seq * 10 + (c - 48);
    j = buf.indexOf(TS_NEEDLE, j) + TS_NEEDLE.length;
    let ts = 0;
    for (let c = buf[j]; c >= 48 && c <= 57; c = buf[++j]) ts = ts * 10 + (c - 48);
    b.entries++;
    if (ts >= m.t0) {
      if (ts < m.t1) {
        m.delivered++;
        m.hist.record(now - ts);
      }
      if (b.recording) routes.get(buf.toString('latin1', s, e))?.push(seq, now - m.t0);
    }
    i = buf.indexOf(SYMBOL_NEEDLE, j);
  }
}

/**
 * For each change the feeder counted (`changes`: per symbol `seq, ts, …` in order), on
 * every book subscription of this process: delivered when an entry with `seq` ≥ the
 * change's arrived (the client's view then holds it or something newer), its delay being
 * that entry's receive time − the change's `ts`; missed otherwise.
 * @param {Record<string, number[]>} changes
 */
function bookReport(changes) {
  b.recording = false;
  const delay = new Histogram();
  let owed = 0;
  let covered = 0;
  for (const routes of bookRoutes) {
    for (const [symbol, got] of routes) {
      const owedHere = changes[symbol];
      if (!owedHere) continue;
      owed += owedHere.length / 2;
      let k = 0;
      for (let c = 0; c < owedHere.length; c += 2) {
        const seq = owedHere[c];
        while (k < got.length && got[k] < seq) k += 2;
        if (k >= got.length) break; // this change and every later one: missed
        covered++;
        delay.record(got[k + 1] + m.t0 - owedHere[c + 1]);
      }
    }
  }
  return { owed, covered, delay: delay.toSparse(), entries: b.entries, warnings: b.warnings };
}

/** @param {Map<string, number>} map @param {string} key */
const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Opens one connection and completes the protocol's handshake (and subscription).
 * @param {ProtocolName} protocol
 * @param {string} url
 * @param {readonly string[]} symbols  empty: connect only (idle)
 * @param {number} timeoutMs
 * @param {import('./protocols.mjs').Subscription} [subscription]
 * @returns {Promise<RawWebSocket>}
 */
function open(protocol, url, symbols, timeoutMs, subscription) {
  return handshake(protocol, new RawWebSocket(url), symbols, timeoutMs, subscription);
}

/**
 * @param {{ protocol: ProtocolName, url: string, clients: {symbols: string[], stalled: boolean}[],
 *   concurrency: number, timeoutMs: number, subscription?: import('./protocols.mjs').Subscription }} cmd
 */
async function connectAll(cmd) {
  const started = Date.now();
  /** @type {Map<string, number>} */
  const errors = new Map();
  let ok = 0;
  let next = 0;
  const worker = async () => {
    while (next < cmd.clients.length) {
      const spec = cmd.clients[next++];
      try {
        const ws = await open(cmd.protocol, cmd.url, spec.symbols, cmd.timeoutMs, cmd.subscription);
        if (cmd.subscription?.channel === 'book') attachBook(ws, spec.symbols);
        else attach(cmd.protocol, ws, spec.stalled, spec.symbols);
        ok++;
      } catch (error) {
        bump(errors, error instanceof Error ? error.message.slice(0, 80) : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.clients.length) }, worker));
  return { ok, failed: cmd.clients.length - ok, errors: Object.fromEntries(errors), ms: Date.now() - started };
}

/**
 * Measuring mode for a connected socket.
 * @param {ProtocolName} protocol
 * @param {RawWebSocket} ws
 * @param {boolean} stalled  stop reading from the socket (a stalled consumer)
 * @param {readonly string[]} symbols  its subscription
 */
function attach(protocol, ws, stalled, symbols) {
  sockets.add(ws);
  ws.on('close', (code) => {
    sockets.delete(ws);
    bump(stalled ? stalledCloses : closes, String(code));
  });
  ws.on('error', () => {});
  if (stalled) {
    ws.pause(); // the kernel buffers fill, then the server's
    return;
  }
  const routes = routesOf(symbols);
  ws.on('message', (/** @type {Buffer} */ buf, /** @type {number} */ start, /** @type {number} */ end) => {
    if (answerPing(protocol, ws, buf, start, end)) return;
    if (isUpdateFrame(protocol, buf, start, end)) scan(buf, start, end, Date.now(), routes);
  });
}

/**
 * Measuring mode for a connection subscribed to `symbols` on the `book` channel.
 * @param {RawWebSocket} ws
 * @param {readonly string[]} symbols
 */
function attachBook(ws, symbols) {
  sockets.add(ws);
  /** @type {Map<string, number[]>} */
  const routes = new Map(symbols.map((symbol) => [symbol, []]));
  bookRoutes.push(routes);
  ws.on('close', (code) => {
    sockets.delete(ws);
    bump(closes, String(code));
  });
  ws.on('error', () => {});
  ws.on('message', (/** @type {Buffer} */ buf, /** @type {number} */ start, /** @type {number} */ end) => {
    if (isBookEntriesFrame(buf, start)) scanBook(buf, start, end, Date.now(), routes);
    else if (isWarningFrame(buf, start)) b.warnings++;
  });
}

/**
 * Connect → subscribe → close loops on `concurrency` slots until `durationMs` passes.
 * @param {{ protocol: ProtocolName, url: string, symbolSets: string[][], concurrency: number,
 *   durationMs: number, timeoutMs: number }} cmd
 */
async function churn(cmd) {
  const deadline = Date.now() + cmd.durationMs;
  const cycleMs = new Histogram();
  /** @type {Map<string, number>} */
  const errors = new Map();
  let cycles = 0;
  let k = 0;
  const slot = async () => {
    while (Date.now() < deadline) {
      const started = Date.now();
      const symbols = cmd.symbolSets[k++ % cmd.symbolSets.length];
      try {
        const ws = await open(cmd.protocol, cmd.url, symbols, cmd.timeoutMs);
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('close timeout')), cmd.timeoutMs);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
          ws.on('message', (/** @type {Buffer} */ buf, /** @type {number} */ s, /** @type {number} */ e) => answerPing(cmd.protocol, ws, buf, s, e));
          ws.close(1000);
        });
        cycles++;
        cycleMs.record(Date.now() - started);
      } catch (error) {
        bump(errors, error instanceof Error ? error.message.slice(0, 80) : String(error));
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: cmd.concurrency }, slot));
  return { cycles, seconds: (Date.now() - started) / 1000, errors: Object.fromEntries(errors), cycleMs: cycleMs.toSparse() };
}

/** @param {any} msg */
const reply = (msg) => process.send?.(msg);

process.on('message', async (/** @type {any} */ cmd) => {
  try {
    switch (cmd.type) {
      case 'connect':
        reply({ type: 'connected', ...(await connectAll(cmd)) });
        break;
      case 'window':
        m.t0 = cmd.t0;
        m.t1 = cmd.t1;
        m.delivered = 0;
        m.duplicates = 0;
        m.foreign = 0;
        m.seqless = 0;
        m.tickers = 0;
        m.frames = 0;
        m.hist = new Histogram();
        closes.clear();
        stalledCloses.clear();
        for (const routes of bookRoutes) for (const got of routes.values()) got.length = 0;
        b.entries = 0;
        b.warnings = 0;
        b.recording = true;
        reply({ type: 'window-set', open: sockets.size });
        break;
      case 'report':
        reply({
          type: 'report',
          delivered: m.delivered,
          duplicates: m.duplicates,
          foreign: m.foreign,
          seqless: m.seqless,
          tickers: m.tickers,
          frames: m.frames,
          hist: m.hist.toSparse(),
          open: sockets.size,
          closes: Object.fromEntries(closes),
          stalledCloses: Object.fromEntries(stalledCloses),
          book: cmd.changes ? bookReport(cmd.changes) : undefined,
        });
        break;
      case 'churn':
        reply({ type: 'churned', ...(await churn(cmd)) });
        break;
      case 'drop':
        for (const ws of sockets) ws.terminate();
        sockets.clear();
        bookRoutes.length = 0;
        reply({ type: 'dropped' });
        break;
      case 'close':
        for (const ws of sockets) ws.terminate();
        reply({ type: 'closed' });
        setTimeout(() => process.exit(0), 50);
        break;
      default:
        reply({ type: 'error', message: `unknown command ${cmd.type}` });
    }
  } catch (error) {
    reply({ type: 'error', message: String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
