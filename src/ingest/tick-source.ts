import type { Observable } from 'rxjs';
import type { BookRecord } from '../market/book-level.js';
import type { MarketFeed } from '../market/market-feed.js';
import type { RawTick } from '../market/tick.js';
import type { Trade } from '../market/trade.js';
import type { IngestStats } from './ingest-stats.js';

/**
 * Where prices come from: the simulated market or Kafka. The rest of the
 * service sees only this interface.
 */
export interface TickSource {
  /** Human-readable name for logs and metrics (`simulator`, `kafka`). */
  readonly name: string;
  /** Counters for `/metrics`: records received, rejected by reason, pauses, lag. */
  readonly stats: IngestStats;
  /**
   * Decoded, validated ticks. Hot: ticks emitted before anyone subscribes are
   * not replayed (the TickerBook holds the latest state).
   */
  readonly ticks$: Observable<RawTick>;
  /**
   * What this source feeds. `ticks` is always there; `trades` enables the trades and
   * candles channels, `book` the book channel (`welcome.channels` follows from it).
   */
  readonly feeds: readonly MarketFeed[];
  /** Decoded, validated trades, in arrival order (hot, like `ticks$`); never emits without the `trades` feed. */
  readonly trades$: Observable<Trade>;
  /** Decoded, validated book records, snapshot or delta (hot); never emits without the `book` feed. */
  readonly bookRecords$: Observable<BookRecord>;
  /** Whether the source is currently connected and delivering (feeds `/health/ready`). */
  readonly ready$: Observable<boolean>;
  /**
   * Reference data: is `symbol` a listed instrument, even if it has not ticked yet?
   * Used to answer `UNKNOWN_SYMBOL`.
   */
  isListed(symbol: string): boolean;
  /** Starts producing; resolves once the initial state (if any) has been emitted. */
  start(): Promise<void>;
  /** Stops producing and releases connections. Idempotent. */
  stop(): Promise<void>;
}

/** Injection token of the active {@link TickSource}. */
export const TICK_SOURCE = Symbol('TICK_SOURCE');
