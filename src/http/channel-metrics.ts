import { Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { CANDLE_INTERVALS } from '../market/candle.js';
import { Channel } from '../protocol/messages.js';
import { BookFeed } from '../stream/channels/book-feed.js';
import { CandleFeed } from '../stream/channels/candle-feed.js';
import { TradeFeed } from '../stream/channels/trade-feed.js';
import { FanOutHub } from '../stream/fan-out-hub.js';
import { StreamStats } from '../stream/stream-stats.js';

const PREFIX = 'tickstream_';

/** Reads one value per label value, at scrape time. */
type Reading = () => Record<string, number>;

/**
 * Per-channel delivery metrics (subscriptions, updates, conflated, bytes) and the
 * domain counters of the trades, candles and book channels (sequence gaps,
 * redeliveries, late trades, book resyncs and refusals). Plain numbers on the hot
 * path, copied into the registry when `/metrics` is scraped.
 */
@Injectable()
export class ChannelMetrics {
  constructor(
    private readonly stats: StreamStats,
    private readonly hub: FanOutHub,
    private readonly trades: TradeFeed,
    private readonly candles: CandleFeed,
    private readonly book: BookFeed,
  ) {}

  register(registry: Registry): void {
    const { stats } = this;
    const channels = stats.channels;
    const perChannel = (ticker: number, read: (c: typeof channels.trades) => number) => ({
      [Channel.TICKER]: ticker,
      [Channel.TRADES]: read(channels.trades),
      [Channel.CANDLES]: read(channels.candles),
      [Channel.BOOK]: read(channels.book),
    });
    gauge(
      registry,
      'channel_subscriptions',
      'Subscriptions by channel (the ticker wildcard counts once)',
      'channel',
      () => ({
        [Channel.TICKER]: this.hub.routeCount,
        [Channel.TRADES]: this.trades.routeCount,
        [Channel.CANDLES]: this.candles.routeCount,
        [Channel.BOOK]: this.book.routeCount,
      }),
    );
    counter(
      registry,
      'channel_updates_sent_total',
      'Entries sent in update frames, by channel',
      'channel',
      () => perChannel(stats.updatesSent, (c) => c.updatesSent),
    );
    counter(
      registry,
      'channel_conflated_total',
      'Entries replaced or merged before being sent, by channel (never trades)',
      'channel',
      () => perChannel(stats.conflatedUpdates, (c) => c.conflated),
    );
    counter(
      registry,
      'channel_bytes_sent_total',
      'Bytes of update frames (ticker) and of snapshot and update frames (other channels), by channel',
      'channel',
      () => perChannel(stats.tickerBytesSent, (c) => c.bytesSent),
    );
    counter(
      registry,
      'channel_snapshot_frames_total',
      'Snapshot frames of the trades, candles and book channels',
      'channel',
      () => ({
        [Channel.TRADES]: channels.trades.snapshotFramesSent,
        [Channel.CANDLES]: channels.candles.snapshotFramesSent,
        [Channel.BOOK]: channels.book.snapshotFramesSent,
      }),
    );
    counter(
      registry,
      'trade_sequence_events_total',
      'Trades whose seq was not previous + 1: gap (accepted), duplicate (dropped), restart (history reset)',
      'kind',
      () => {
        const s = this.trades.history.stats;
        return { gap: s.gaps, duplicate: s.duplicates, restart: s.restarts };
      },
    );
    counter(
      registry,
      'trades_missing_total',
      'Trades skipped over by seq gaps at the source',
      undefined,
      () => ({
        '': this.trades.history.stats.missing,
      }),
    );
    counter(
      registry,
      'candle_late_trades_total',
      'Trades too late for their bar (not counted in candles, still sent on trades), by interval',
      'interval',
      () => {
        const late = this.candles.aggregator.late;
        return Object.fromEntries(CANDLE_INTERVALS.map((i) => [i, late[i]]));
      },
    );
    counter(registry, 'book_records_total', 'Book records by outcome', 'result', () => {
      const s = this.book.books.stats;
      return {
        applied: s.applied,
        gap: s.gaps,
        duplicate: s.duplicates,
        ignored_stale: s.ignoredWhileStale,
        rejected_format: s.rejected.format,
        rejected_decimals: s.rejected.decimals,
      };
    });
    counter(
      registry,
      'book_resyncs_total',
      'Book snapshot records that ended a stale spell (or were a book’s first): subscribers got a fresh snapshot',
      undefined,
      () => ({
        '': this.book.books.stats.resyncs,
      }),
    );
    gauge(registry, 'books_stale', 'Books waiting for a snapshot record', undefined, () => {
      let stale = 0;
      for (const symbol of this.book.books.symbols())
        if (this.book.books.get(symbol)?.stale) stale++;
      return { '': stale };
    });
  }
}

/** A gauge set from `read` at scrape time; without `label`, read under the key `''`. */
function gauge(
  registry: Registry,
  name: string,
  help: string,
  label: string | undefined,
  read: Reading,
): void {
  new Gauge({
    name: PREFIX + name,
    help,
    labelNames: label ? [label] : [],
    registers: [registry],
    collect() {
      for (const [value, count] of Object.entries(read())) {
        if (label) this.set({ [label]: value }, count);
        else this.set(count);
      }
    },
  });
}

/** A counter advanced at scrape time by what `read`'s running totals gained since the last scrape. */
function counter(
  registry: Registry,
  name: string,
  help: string,
  label: string | undefined,
  read: Reading,
): void {
  const seen = new Map<string, number>();
  new Counter({
    name: PREFIX + name,
    help,
    labelNames: label ? [label] : [],
    registers: [registry],
    collect() {
      for (const [value, total] of Object.entries(read())) {
        const previous = seen.get(value);
        seen.set(value, total);
        // A series appears at 0 on the first scrape, so a rate over it starts there.
        const delta = Math.max(0, total - (previous ?? 0));
        if (delta === 0 && previous !== undefined) continue;
        if (label) this.inc({ [label]: value }, delta);
        else this.inc(delta);
      }
    },
  });
}
