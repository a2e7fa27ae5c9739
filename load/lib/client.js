// A protocol-v1 client for k6 scripts on top of `k6/websockets` (event loop: one VU may hold
// many sockets). It records the shared metrics (lib/metrics.js) and checks, for every frame,
// what a careful client would: `welcome` first, `snapshot` before any `update` of newly
// subscribed symbols, no update of a symbol after its `unsubscribed`, `seq` strictly
// increasing per symbol; on the trades, candles and book channels, their own invariants
// (lib/channel-checks.js). Requests get ids and return Promises of their reply (or null).
import http from 'k6/http';
import { clearTimeout, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { ChannelChecker } from './channel-checks.js';
import { authHeaders, BASE_URL, TOKEN_IN_URL } from './config.js';
import {
  bookChecksumMismatches,
  channelEntriesReceived,
  channelLatency,
  clientQueueDelay,
  connectFailures,
  heartbeats,
  orderViolations,
  protocolErrors,
  requestRtt,
  seqViolations,
  serverWarnings,
  tickerLatency,
  tickersReceived,
  timeToSnapshot,
  unansweredRequests,
  unexpectedCloses,
} from './metrics.js';
import { Channel, CloseCode, MessageType, Op } from './protocol.js';

const REPLY_TYPES = new Set([
  MessageType.SUBSCRIBED,
  MessageType.UNSUBSCRIBED,
  MessageType.SUBSCRIPTIONS,
  MessageType.PONG,
  MessageType.ERROR,
]);
/**
 * Fast path for ticker `update` frames: k6's JS engine parses JSON at only a few MB/s, which caps
 * what one k6 process can receive. The server writes each ticker with JSON.stringify in a fixed key
 * order (symbol, seq, ts, ...), and symbols never need escaping, so these fields can be taken with
 * a regex (~5x cheaper). If a frame does not match, the client falls back to JSON.parse for good.
 * Other channels' frames are always parsed: their checks need every field.
 */
const UPDATE_HEAD = '{"type":"update","channel":"ticker",';
const TICKER_HEAD_RE = /\{"symbol":"([^"\\]*)","seq":(\d+),"ts":(\d+)[,}]/g;
const UPDATE_TAGS = { kind: 'update' };
/** Update-ticker counts are added to the Counter at most this often per connection. */
const COUNTER_FLUSH_MS = 1000;
const SNAPSHOT_TAGS = { kind: 'snapshot' };
/** Subscribe fields beyond `symbols` that a request may carry, by name. */
const SUBSCRIBE_FIELDS = [
  'channel',
  'throttleMs',
  'snapshot',
  'interval',
  'history',
  'depth',
  'since',
];
/** Violations logged (console.warn) per client, so a broken server does not flood the output. */
const MAX_LOGGED_VIOLATIONS = 5;

/** A Promise resolved after `ms` (k6 timers keep the iteration alive until then). */
export function sleepMs(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** GET /v1/symbols; throws a readable error when the service is not reachable. */
export function fetchSymbols(baseUrl = BASE_URL) {
  const url = `${baseUrl}/v1/symbols`;
  const res = http.get(url, {
    headers: authHeaders(),
    tags: { name: 'GET /v1/symbols' },
    timeout: '10s',
  });
  if (res.status !== 200) {
    throw new Error(
      `GET ${url} -> ${res.status || res.error}; is the service running? (set BASE_URL/TARGET_URL)`,
    );
  }
  const symbols = res.json('symbols');
  if (!Array.isArray(symbols) || symbols.length === 0)
    throw new Error(`GET ${url}: no symbols in ${res.body}`);
  return symbols;
}

/**
 * `count` symbols for connection number `index`: consecutive windows of the symbol list, so
 * connections spread over the market (wrapping around; capped at the list's length).
 */
export function pickSymbols(all, count, index) {
  const n = Math.min(count, all.length);
  const start = (index * n) % all.length;
  const picked = [];
  for (let i = 0; i < n; i++) picked.push(all[(start + i) % all.length]);
  return picked;
}

export class StreamClient {
  /**
   * @param {string} url ws:// URL of /v1/stream
   * @param {object} [options]
   * @param {object} [options.tags] k6 tags for the socket's built-in metrics
   * @param {number} [options.latencySampleEvery] record latency of 1 in N update tickers (default 1)
   * @param {string[]} [options.expectedErrors] error codes this client provokes on purpose
   * @param {number} [options.requestTimeoutMs] how long a request waits for its reply (default 5000)
   * @param {(kind: string, tickers: object[]) => void} [options.onTickers]
   * @param {(channel: string, kind: string, entries: object[], msg: object) => void} [options.onEntries]
   *   entries of the trades, candles and book channels, after their checks
   * @param {(msg: object) => void} [options.onMessage] every parsed frame, after bookkeeping
   * @param {boolean} [options.fastParse] read update frames with a regex instead of JSON.parse
   *   (onTickers then gets `{symbol, seq, ts}` objects only; see UPDATE_HEAD). Default false.
   */
  constructor(url, options = {}) {
    this.url = url;
    this.tags = options.tags;
    this.latencySampleEvery = Math.max(1, options.latencySampleEvery || 1);
    this.expectedErrors = new Set(options.expectedErrors || []);
    this.requestTimeoutMs = options.requestTimeoutMs || 5000;
    this.onTickers = options.onTickers;
    this.onEntries = options.onEntries;
    this.onMessage = options.onMessage;
    this.fastParse = options.fastParse === true;

    this.ws = null;
    this.nextId = 1;
    this.welcome = null;
    this.firstType = undefined;
    this.opened = false;
    this.closing = false;
    this.closed = false;
    this.closeCode = undefined;
    this.lastError = undefined;

    /** symbol -> effective throttleMs, as confirmed by `subscribed`. */
    this.subscribed = new Map();
    /** symbol -> time its subscribe was sent; cleared by its snapshot. */
    this.awaitingSnapshot = new Map();
    this.lastSeq = new Map();
    /** Non-ticker subscriptions confirmed by `subscribed`: `${channel} ${symbol}`. */
    this.channelSubscriptions = new Set();
    this.channels = new ChannelChecker({
      seq: (kind, detail) => {
        this.stats.seqViolations++;
        seqViolations.add(1, { kind });
        this.log(detail);
      },
      order: (kind, detail) => this.violation(kind, detail),
      checksum: (detail) => {
        this.stats.checksumMismatches++;
        bookChecksumMismatches.add(1);
        this.log(`book checksum mismatch: ${detail}`);
      },
    });
    /** id -> { op, sentAt, snapshot, since, expectErrors, resolve, timer } */
    this.pending = new Map();
    this.waiters = [];
    this.latencyTick = 0;
    this.queueTick = 0;
    this.unflushedUpdates = 0;
    this.flushedAt = Date.now();
    this.loggedViolations = 0;
    this.stats = {
      frames: 0,
      updates: 0,
      snapshots: 0,
      tickers: 0,
      updateTickers: 0,
      heartbeats: 0,
      warnings: 0,
      seqViolations: 0,
      orderViolations: 0,
      checksumMismatches: 0,
      channelEntries: 0,
      channelUpdateEntries: 0,
      errors: {},
    };
  }

  /** Opens the socket; resolves with the `welcome` message, or null (failure or timeout). */
  connect(timeoutMs = 10000) {
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    return new Promise((resolve) => {
      let done = false;
      const finish = (value) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish(null);
        this.closing = true;
        if (this.opened) {
          this.close(); // open but no welcome
        } else {
          // k6 cannot close a socket that is still connecting; close it if it ever opens.
          connectFailures.add(1, { reason: 'timeout' });
        }
      }, timeoutMs);
      this.resolveWelcome = finish;

      // A credential goes once: in the URL's ?token= or as a header, never both (401).
      const headers = TOKEN_IN_URL ? {} : authHeaders();
      const ws = new WebSocket(this.url, null, {
        headers,
        ...(this.tags ? { tags: this.tags } : {}),
      });
      this.ws = ws;
      ws.onopen = () => {
        this.opened = true;
        if (this.closing) this.ws.close(CloseCode.NORMAL, 'connect timed out');
      };
      ws.onmessage = (event) => {
        if (++this.queueTick >= this.latencySampleEvery) {
          this.queueTick = 0;
          clientQueueDelay.add(Math.max(0, Date.now() - event.timestamp));
        }
        this.handleFrame(event.data);
      };
      ws.onerror = (event) => {
        this.lastError = event.error;
        if (!this.opened && !this.closing) {
          connectFailures.add(1, { reason: 'upgrade' });
          this.log(`connect failed: ${event.error}`);
        }
      };
      ws.onclose = (event) => this.handleClose(event);
    });
  }

  /** Sends a request with a fresh id; resolves with its reply (or error frame), or null on timeout/close. */
  request(op, fields = {}, { timeoutMs = this.requestTimeoutMs, expectErrors = [] } = {}) {
    const id = this.nextId++;
    const message = Object.assign({ op, id }, fields);
    return new Promise((resolve) => {
      if (this.closed || !this.ws) {
        resolve(null);
        return;
      }
      const entry = {
        op,
        sentAt: Date.now(),
        snapshot: fields.snapshot !== false,
        since: fields.since,
        expectErrors,
        resolve,
        timer: setTimeout(() => {
          this.pending.delete(id);
          unansweredRequests.add(1, { op: String(op) });
          resolve(null);
        }, timeoutMs),
      };
      this.pending.set(id, entry);
      this.ws.send(JSON.stringify(message));
    });
  }

  /**
   * @param {string[]} symbols
   * @param {object} [options] `channel` (default: left out = ticker), `throttleMs`, `snapshot`,
   *   `interval`/`history` (candles), `depth` (book), `since` (trades), `timeoutMs`, `expectErrors`
   */
  subscribe(symbols, options = {}) {
    const fields = { symbols };
    for (const name of SUBSCRIBE_FIELDS)
      if (options[name] !== undefined) fields[name] = options[name];
    const { timeoutMs, expectErrors } = options;
    return this.request(Op.SUBSCRIBE, fields, { timeoutMs, expectErrors });
  }

  /** `options.channel` / `options.interval` name what to drop (default: the ticker channel). */
  unsubscribe(symbols, options = {}) {
    const fields = { symbols };
    if (options.channel !== undefined) fields.channel = options.channel;
    if (options.interval !== undefined) fields.interval = options.interval;
    return this.request(Op.UNSUBSCRIBE, fields, options);
  }

  ping(options = {}) {
    return this.request(Op.PING, {}, options);
  }

  /** Sends a raw text frame (e.g. to provoke BAD_JSON). */
  sendRaw(text) {
    if (!this.closed && this.ws) this.ws.send(text);
  }

  /** Resolves with the first later message matching `predicate`, or null after `timeoutMs`. */
  waitFor(predicate, timeoutMs = 5000) {
    return new Promise((resolve) => {
      const waiter = { predicate, resolve: null, timer: null };
      waiter.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(null);
      }, timeoutMs);
      waiter.resolve = (msg) => {
        clearTimeout(waiter.timer);
        resolve(msg);
      };
      this.waiters.push(waiter);
    });
  }

  /** Closes with `code` (default 1000); resolves with the close code once closed. */
  close(code = CloseCode.NORMAL, reason = '') {
    if (!this.ws || this.closed) return Promise.resolve(this.closeCode);
    this.closing = true;
    if (!this.opened) return this.closedPromise; // still connecting: onopen closes it
    try {
      this.ws.close(code, reason);
    } catch (err) {
      this.log(`close failed: ${err}`);
    }
    return this.closedPromise;
  }

  /** Sum of ordering, seq and checksum violations seen on this connection. */
  get violations() {
    return this.stats.seqViolations + this.stats.orderViolations + this.stats.checksumMismatches;
  }

  handleFrame(data) {
    if (
      this.fastParse &&
      this.firstType !== undefined &&
      this.waiters.length === 0 &&
      !this.onMessage &&
      data.startsWith(UPDATE_HEAD) &&
      this.handleUpdateFast(data)
    ) {
      return;
    }
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      this.violation('bad_frame', `not JSON: ${String(data).slice(0, 80)}`);
      return;
    }
    this.stats.frames++;
    if (this.firstType === undefined) {
      this.firstType = msg.type;
      if (msg.type !== MessageType.WELCOME)
        this.violation('welcome_not_first', `first frame was ${msg.type}`);
    }
    const ticker = isTickerChannel(msg.channel);
    switch (msg.type) {
      case MessageType.UPDATE:
        if (ticker) this.handleTickers(msg.data, false);
        else this.handleEntries(msg);
        break;
      case MessageType.SNAPSHOT:
        if (ticker) this.handleTickers(msg.data, true);
        else this.handleEntries(msg);
        break;
      case MessageType.WELCOME:
        this.welcome = msg;
        if (this.resolveWelcome) this.resolveWelcome(msg);
        break;
      case MessageType.SUBSCRIBED:
        this.handleSubscribed(msg);
        break;
      case MessageType.UNSUBSCRIBED:
        if (!ticker) {
          this.channels.unsubscribed(msg);
          const dropsAll = msg.channel !== Channel.CANDLES || msg.interval === undefined;
          for (const symbol of msg.symbols || []) {
            if (dropsAll) this.channelSubscriptions.delete(`${msg.channel} ${symbol}`);
          }
          break;
        }
        for (const symbol of msg.symbols || []) {
          this.subscribed.delete(symbol);
          this.awaitingSnapshot.delete(symbol);
          this.lastSeq.delete(symbol);
        }
        break;
      case MessageType.HEARTBEAT:
        this.stats.heartbeats++;
        heartbeats.add(1);
        break;
      case MessageType.WARNING:
        this.stats.warnings++;
        serverWarnings.add(1, { code: String(msg.code) });
        break;
      case MessageType.ERROR: {
        const entry = this.pending.get(msg.id);
        const code = String(msg.code);
        const expected =
          this.expectedErrors.has(code) ||
          (entry !== undefined && entry.expectErrors.includes(code));
        this.stats.errors[code] = (this.stats.errors[code] || 0) + 1;
        protocolErrors.add(1, { code, expected: String(expected) });
        if (!expected) this.log(`error frame: ${JSON.stringify(msg).slice(0, 300)}`);
        break;
      }
      default:
        break;
    }
    if (msg.id !== undefined && REPLY_TYPES.has(msg.type)) {
      const entry = this.pending.get(msg.id);
      if (entry) {
        this.pending.delete(msg.id);
        clearTimeout(entry.timer);
        requestRtt.add(Date.now() - entry.sentAt, { op: String(entry.op) });
        entry.resolve(msg);
      }
    }
    if (this.waiters.length > 0) {
      for (const waiter of this.waiters.slice()) {
        if (waiter.predicate(msg)) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(msg);
        }
      }
    }
    if (this.onMessage) this.onMessage(msg);
  }

  handleSubscribed(msg) {
    if (!isTickerChannel(msg.channel)) {
      this.channels.subscribed(msg);
      // A resumption: its trades continue at `since` + 1 (set now, before the snapshot frame).
      const since = (this.pending.get(msg.id) || {}).since;
      if (msg.channel === Channel.TRADES && since) {
        for (const symbol of Object.keys(since)) this.channels.resumeTrades(symbol, since[symbol]);
      }
      for (const symbol of msg.symbols || [])
        this.channelSubscriptions.add(`${msg.channel} ${symbol}`);
      return;
    }
    const entry = this.pending.get(msg.id);
    const wantsSnapshot = entry ? entry.snapshot : true;
    const sentAt = entry ? entry.sentAt : Date.now();
    for (const symbol of msg.symbols || []) {
      // Only newly added symbols get a snapshot; a re-subscribe just changes the throttle.
      if (!this.subscribed.has(symbol) && wantsSnapshot) this.awaitingSnapshot.set(symbol, sentAt);
      this.subscribed.set(symbol, msg.throttleMs);
    }
  }

  /** Update frame via regex; false (and fast parsing switched off) when the layout is unexpected. */
  handleUpdateFast(data) {
    const tickers = [];
    TICKER_HEAD_RE.lastIndex = 0;
    let match;
    while ((match = TICKER_HEAD_RE.exec(data)) !== null) {
      tickers.push({ symbol: match[1], seq: Number(match[2]), ts: Number(match[3]) });
    }
    if (tickers.length === 0) {
      this.fastParse = false;
      console.warn('update frame layout not recognised by the fast parser; using JSON.parse');
      return false;
    }
    this.stats.frames++;
    this.handleTickers(tickers, false);
    return true;
  }

  handleTickers(data, isSnapshot) {
    if (!Array.isArray(data)) {
      this.violation('bad_frame', `data is not an array`);
      return;
    }
    const now = Date.now();
    this.stats.tickers += data.length;
    if (isSnapshot) {
      this.stats.snapshots++;
      tickersReceived.add(data.length, SNAPSHOT_TAGS);
    } else {
      this.stats.updates++;
      this.stats.updateTickers += data.length;
      // Batched: one Counter sample per second per connection instead of one per frame.
      this.unflushedUpdates += data.length;
      if (now - this.flushedAt >= COUNTER_FLUSH_MS) this.flushCounters(now);
    }
    let snapshotSentAt;
    for (const ticker of data) {
      const symbol = ticker.symbol;
      if (isSnapshot) {
        const sentAt = this.awaitingSnapshot.get(symbol);
        if (sentAt === undefined) {
          this.violation(
            'unexpected_snapshot',
            `snapshot of ${symbol}, which was not newly subscribed`,
          );
        } else {
          this.awaitingSnapshot.delete(symbol);
          if (snapshotSentAt === undefined || sentAt < snapshotSentAt) snapshotSentAt = sentAt;
        }
      } else {
        if (!this.subscribed.has(symbol)) {
          this.violation(
            'update_not_subscribed',
            `update of ${symbol} (seq ${ticker.seq}), not subscribed`,
          );
        } else if (this.awaitingSnapshot.has(symbol)) {
          this.violation(
            'update_before_snapshot',
            `update of ${symbol} (seq ${ticker.seq}) before its snapshot`,
          );
        }
        if (++this.latencyTick >= this.latencySampleEvery) {
          this.latencyTick = 0;
          tickerLatency.add(now - ticker.ts);
        }
      }
      const previous = this.lastSeq.get(symbol);
      if (previous !== undefined && !(ticker.seq > previous)) {
        this.stats.seqViolations++;
        seqViolations.add(1);
        this.log(
          `seq of ${symbol} went from ${previous} to ${ticker.seq} (${isSnapshot ? 'snapshot' : 'update'})`,
        );
      }
      this.lastSeq.set(symbol, ticker.seq);
    }
    if (snapshotSentAt !== undefined) timeToSnapshot.add(now - snapshotSentAt);
    if (this.onTickers) this.onTickers(isSnapshot ? 'snapshot' : 'update', data);
  }

  /** A snapshot or update frame of the trades, candles or book channel. */
  handleEntries(msg) {
    const kind = msg.type === MessageType.SNAPSHOT ? 'snapshot' : 'update';
    const data = Array.isArray(msg.data) ? msg.data : [];
    this.stats.channelEntries += data.length;
    if (kind === 'update') this.stats.channelUpdateEntries += data.length;
    channelEntriesReceived.add(data.length, { channel: String(msg.channel), kind });
    for (const entry of data) {
      if (entry && !this.channelSubscriptions.has(`${msg.channel} ${entry.symbol}`)) {
        this.violation(
          'update_not_subscribed',
          `${msg.channel} ${kind} of ${entry.symbol}, not subscribed`,
        );
      }
    }
    this.channels.frame(msg);
    if (kind === 'update' && msg.channel !== Channel.CANDLES) {
      const now = Date.now();
      for (const entry of data) {
        if (
          ++this.latencyTick >= this.latencySampleEvery &&
          entry &&
          typeof entry.ts === 'number'
        ) {
          this.latencyTick = 0;
          channelLatency.add(now - entry.ts, { channel: String(msg.channel) });
        }
      }
    }
    if (this.onEntries) this.onEntries(msg.channel, kind, data, msg);
  }

  flushCounters(now = Date.now()) {
    if (this.unflushedUpdates > 0) tickersReceived.add(this.unflushedUpdates, UPDATE_TAGS);
    this.unflushedUpdates = 0;
    this.flushedAt = now;
  }

  handleClose(event) {
    this.closed = true;
    this.flushCounters();
    this.closeCode = event.code === undefined ? CloseCode.ABNORMAL : event.code;
    if (!this.closing && this.opened) {
      unexpectedCloses.add(1, { code: String(this.closeCode) });
      this.log(
        `closed by the server: ${this.closeCode} ${event.reason || ''} ${this.lastError || ''}`,
      );
    }
    for (const [, entry] of this.pending) {
      clearTimeout(entry.timer);
      // Requests still open when the script itself closed are abandoned, not unanswered.
      if (!this.closing) unansweredRequests.add(1, { op: String(entry.op) });
      entry.resolve(null);
    }
    this.pending.clear();
    for (const waiter of this.waiters) waiter.resolve(null);
    this.waiters = [];
    if (this.resolveWelcome) this.resolveWelcome(null);
    if (this.resolveClosed) this.resolveClosed(this.closeCode);
  }

  violation(kind, detail) {
    this.stats.orderViolations++;
    orderViolations.add(1, { kind });
    this.log(`${kind}: ${detail}`);
  }

  log(text) {
    if (this.loggedViolations >= MAX_LOGGED_VIOLATIONS) return;
    this.loggedViolations++;
    const session =
      this.welcome && this.welcome.sessionId ? String(this.welcome.sessionId).slice(0, 8) : '-';
    console.warn(`[session ${session}] ${text}`);
  }
}

/** `channel` omitted (v1 servers) or `ticker`. */
function isTickerChannel(channel) {
  return channel === undefined || channel === Channel.TICKER;
}
