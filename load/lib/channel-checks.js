// Per-connection invariants of the channels beyond `ticker` (PROTOCOL.md, "Channels beyond
// `ticker`"), checked on every entry a StreamClient receives:
// - trades: well formed, `seq` rises by exactly 1 per symbol (across snapshot and updates; a
//   resumption starts at `since` + 1 unless the frame says `truncated`);
// - candles: well formed and UTC-aligned; one entry per (symbol, interval, start) in a frame;
//   per (symbol, interval) bars never go back, a bar's `closed` entry comes before the next
//   bar's first, and nothing follows a closed entry;
// - book: each entry applied to a local replica at the subscription's depth matches its
//   `checksum`; snapshots are sorted best first and never crossed.
// No k6 imports: the caller passes the reporting functions, so Node can load this file too.
import { BookReplica, compareDecimals } from './book-replica.js';
import { CANDLE_INTERVAL_MS, DEFAULT_BOOK_DEPTH } from './market.js';
import { Channel } from './protocol.js';

const SIDES = new Set(['buy', 'sell']);

const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
const isString = (v) => typeof v === 'string' && v.length > 0;
const isDecimal = (v) => typeof v === 'string' && /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/.test(v);
const isLevel = (l) => Array.isArray(l) && l.length === 2 && isDecimal(l[0]) && isDecimal(l[1]);

export class ChannelChecker {
  /**
   * @param {object} report
   * @param {(kind: string, detail: string) => void} report.seq a trade that does not follow its symbol's last one
   * @param {(kind: string, detail: string) => void} report.order any other breach, by kind
   * @param {(detail: string) => void} report.checksum a book entry whose checksum did not match
   */
  constructor(report) {
    this.report = report;
    /** symbol -> last trade seq */
    this.tradeSeq = new Map();
    /** `${symbol} ${interval}` -> { start, closed } of the newest bar */
    this.bars = new Map();
    /** symbol -> BookReplica */
    this.books = new Map();
    /** symbol -> depth asked for, from `subscribed` */
    this.depths = new Map();
    /** Books whose checksum failed: their updates are skipped until the next snapshot. */
    this.broken = new Set();
    this.stats = { trades: 0, candles: 0, closedCandles: 0, bookEntries: 0, mismatches: 0 };
  }

  /** A `subscribed` reply of a non-ticker channel. */
  subscribed(msg) {
    if (msg.channel !== Channel.BOOK) return;
    const depth = msg.depth || DEFAULT_BOOK_DEPTH;
    for (const symbol of msg.symbols || []) {
      // A new depth replaces the book (and the server sends a fresh snapshot).
      if (this.depths.get(symbol) !== depth) {
        this.books.delete(symbol);
        this.broken.delete(symbol);
      }
      this.depths.set(symbol, depth);
    }
  }

  /** An `unsubscribed` reply: a later subscription starts afresh. */
  unsubscribed(msg) {
    for (const symbol of msg.symbols || []) {
      if (msg.channel === Channel.TRADES) this.tradeSeq.delete(symbol);
      if (msg.channel === Channel.BOOK) {
        this.books.delete(symbol);
        this.depths.delete(symbol);
        this.broken.delete(symbol);
      }
      if (msg.channel === Channel.CANDLES) {
        for (const key of [...this.bars.keys()]) {
          if (
            key.startsWith(`${symbol} `) &&
            (!msg.interval || key === `${symbol} ${msg.interval}`)
          )
            this.bars.delete(key);
        }
      }
    }
  }

  /** The trades of `symbol` must continue at `seq` + 1 (a subscription with `since`). */
  resumeTrades(symbol, seq) {
    this.tradeSeq.set(symbol, seq);
  }

  /** A `snapshot` or `update` frame of a non-ticker channel. */
  frame(msg) {
    const snapshot = msg.type === 'snapshot';
    if (!Array.isArray(msg.data)) {
      this.report.order('bad_frame', `${msg.channel} ${msg.type}: data is not an array`);
      return;
    }
    if (msg.channel === Channel.TRADES) {
      const truncated = new Set(snapshot && Array.isArray(msg.truncated) ? msg.truncated : []);
      for (const trade of msg.data) this.trade(trade, truncated.delete(trade.symbol));
    } else if (msg.channel === Channel.CANDLES) {
      const inFrame = new Set();
      for (const candle of msg.data) {
        const key = candle && `${candle.symbol} ${candle.interval} ${candle.start}`;
        if (inFrame.has(key)) {
          this.report.order('candle_repeated', `${key}: twice in one ${msg.type} frame`);
        }
        inFrame.add(key);
        this.candle(candle);
      }
    } else if (msg.channel === Channel.BOOK) {
      for (const entry of msg.data) this.bookEntry(entry, snapshot);
    }
  }

  trade(t, truncated) {
    this.stats.trades++;
    if (!(
      t &&
      isString(t.symbol) &&
      Number.isInteger(t.seq) &&
      isString(t.tradeId) &&
      isNumber(t.ts) &&
      isNumber(t.price) &&
      t.price > 0 &&
      isNumber(t.size) &&
      t.size > 0 &&
      SIDES.has(t.side)
    )) {
      this.report.order('bad_trade', `malformed trade ${JSON.stringify(t).slice(0, 200)}`);
      return;
    }
    const last = this.tradeSeq.get(t.symbol);
    if (last !== undefined && t.seq !== last + 1 && !(truncated && t.seq > last)) {
      this.report.seq('trades', `trade seq of ${t.symbol} went from ${last} to ${t.seq}`);
    }
    this.tradeSeq.set(t.symbol, t.seq);
  }

  candle(c) {
    this.stats.candles++;
    const ms = c && CANDLE_INTERVAL_MS[c.interval];
    if (!(
      ms &&
      isString(c.symbol) &&
      Number.isInteger(c.start) &&
      [c.open, c.high, c.low, c.close, c.volume].every(isNumber) &&
      Number.isInteger(c.trades) &&
      c.trades > 0 &&
      typeof c.closed === 'boolean' &&
      c.low <= Math.min(c.open, c.close) &&
      c.high >= Math.max(c.open, c.close)
    )) {
      this.report.order('bad_candle', `malformed candle ${JSON.stringify(c).slice(0, 200)}`);
      return;
    }
    if (c.closed) this.stats.closedCandles++;
    if (c.start % ms !== 0) {
      this.report.order('candle_unaligned', `${c.symbol} ${c.interval} bar starts at ${c.start}`);
    }
    const key = `${c.symbol} ${c.interval}`;
    const last = this.bars.get(key);
    if (last !== undefined) {
      if (c.start < last.start) {
        this.report.order('candle_order', `${key}: bar ${c.start} after bar ${last.start}`);
        return;
      }
      if (c.start === last.start && last.closed) {
        this.report.order('candle_after_close', `${key}: bar ${c.start} sent after its close`);
      }
      if (c.start > last.start && !last.closed) {
        this.report.order(
          'candle_not_closed',
          `${key}: bar ${c.start} before ${last.start} closed`,
        );
      }
    }
    this.bars.set(key, { start: c.start, closed: c.closed });
  }

  bookEntry(e, snapshot) {
    this.stats.bookEntries++;
    if (!(
      e &&
      isString(e.symbol) &&
      Number.isInteger(e.seq) &&
      isNumber(e.ts) &&
      Number.isInteger(e.checksum) &&
      Array.isArray(e.bids) &&
      Array.isArray(e.asks) &&
      e.bids.every(isLevel) &&
      e.asks.every(isLevel)
    )) {
      this.report.order(
        'bad_book_entry',
        `malformed book entry ${JSON.stringify(e).slice(0, 200)}`,
      );
      return;
    }
    if (!snapshot && this.broken.has(e.symbol)) return;
    this.broken.delete(e.symbol);
    let book = this.books.get(e.symbol);
    if (!book) {
      // A book that had no levels at subscribe time may start with an update: from empty.
      book = new BookReplica(this.depths.get(e.symbol) || DEFAULT_BOOK_DEPTH);
      this.books.set(e.symbol, book);
    }
    if (snapshot) {
      if (!sortedBestFirst(e.bids, -1) || !sortedBestFirst(e.asks, 1)) {
        this.report.order('book_unsorted', `${e.symbol} snapshot (seq ${e.seq}) not best first`);
      }
    }
    const ok = snapshot ? book.applySnapshot(e) : book.applyUpdate(e);
    if (!ok) {
      this.stats.mismatches++;
      this.report.checksum(
        `${e.symbol} ${snapshot ? 'snapshot' : 'update'} seq ${e.seq}: checksum ${e.checksum}, local book ${book.checksum()}`,
      );
      // Counted once: the book is unknown until the server sends a snapshot of it again.
      this.broken.add(e.symbol);
      return;
    }
    const bestBid = book.bids[0];
    const bestAsk = book.asks[0];
    if (bestBid && bestAsk && compareDecimals(bestBid[0], bestAsk[0]) >= 0) {
      this.report.order(
        'book_crossed',
        `${e.symbol} seq ${e.seq}: bid ${bestBid[0]} >= ask ${bestAsk[0]}`,
      );
    }
  }
}

/** True when `levels` are strictly ordered best first (`direction` 1: ascending prices). */
function sortedBestFirst(levels, direction) {
  for (let i = 1; i < levels.length; i++) {
    if (direction * compareDecimals(levels[i][0], levels[i - 1][0]) <= 0) return false;
  }
  return true;
}
