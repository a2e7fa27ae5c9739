import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { BehaviorSubject, EMPTY, Subject, defer, type Observable } from 'rxjs';
import { IngestStats } from '../../ingest/ingest-stats.js';
import type { TickSource } from '../../ingest/tick-source.js';
import type { BookRecord } from '../../market/book-level.js';
import type { MarketFeed } from '../../market/market-feed.js';
import type { Trade } from '../../market/trade.js';
import { VirtualClock } from '../../shared/virtual-clock.js';
import { FlushScheduler } from '../flush-scheduler.js';
import { BookFeed } from './book-feed.js';
import { CandleFeed } from './candle-feed.js';
import { CANDLE_CLOCK_MS, ChannelPipelines } from './channel-pipelines.service.js';
import { TradeFeed } from './trade-feed.js';

/** A hot source whose trade stream the test can end and restart. */
class FakeSource implements TickSource {
  readonly name = 'fake';
  readonly stats = new IngestStats();
  readonly ticks$ = EMPTY;
  readonly ready$ = new BehaviorSubject(false);
  trades = new Subject<Trade>();
  readonly books = new Subject<BookRecord>();
  subscriptions = 0;
  readonly trades$: Observable<Trade> = defer(() => {
    this.subscriptions++;
    return this.trades;
  });
  readonly bookRecords$ = this.books.asObservable();

  constructor(readonly feeds: readonly MarketFeed[] = ['ticks', 'trades', 'book']) {}

  isListed(): boolean {
    return true;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

const T0 = Date.UTC(2026, 10, 22, 12);

function trade(seq: number, ts: number, tradeId = `t${seq}`): Trade {
  return { symbol: 'AAPL', seq, tradeId, ts, price: 100 + seq, size: 1, side: 'sell' };
}

function harness(feeds?: readonly MarketFeed[]) {
  const clock = new VirtualClock(T0);
  const scheduler = new FlushScheduler(clock, 10);
  const source = new FakeSource(feeds);
  const trades = new TradeFeed({}, clock, scheduler);
  const candles = new CandleFeed({ closeGraceMs: 1000 }, clock, scheduler);
  const book = new BookFeed(clock, scheduler);
  const pipelines = new ChannelPipelines(source, trades, candles, book, clock);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  return { clock, source, trades, candles, book, pipelines };
}

describe('ChannelPipelines', () => {
  afterEach(() => jest.restoreAllMocks());

  it('feeds trades to retention and candles, dropping redeliveries before the candles see them', () => {
    const { source, trades, candles, pipelines } = harness();
    pipelines.onModuleInit();
    source.trades.next(trade(1, T0));
    source.trades.next(trade(1, T0));
    source.trades.next(trade(2, T0 + 1));
    expect(trades.history.last('AAPL', 10).map((t) => t.seq)).toEqual([1, 2]);
    expect(candles.aggregator.openBar('AAPL', '1m')).toMatchObject({ trades: 2, volume: 2 });
  });

  it('does not close candles by the clock before the source is first ready (a warm-start replay rebuilds them)', () => {
    const { clock, source, candles, pipelines } = harness();
    pipelines.onModuleInit();
    // Replayed trades from an hour ago: their bars stay open until a later trade or the ready clock.
    source.trades.next(trade(1, T0 - 3_600_000));
    clock.advance(10 * CANDLE_CLOCK_MS);
    expect(candles.aggregator.openBar('AAPL', '1m')).toBeDefined();
    source.trades.next(trade(2, T0 - 3_599_000));
    source.ready$.next(true);
    clock.advance(CANDLE_CLOCK_MS);
    expect(candles.aggregator.openBar('AAPL', '1m')).toBeUndefined();
    expect(candles.aggregator.snapshot('AAPL', '1m', 10)).toEqual([
      expect.objectContaining({ trades: 2, closed: true }),
    ]);
    pipelines.onApplicationShutdown();
    expect(clock.pendingTimers).toBe(0);
  });

  it('feeds book records to the order books', () => {
    const { source, book, pipelines } = harness();
    pipelines.onModuleInit();
    source.books.next({
      symbol: 'AAPL',
      kind: 'snapshot',
      seq: 1,
      ts: T0,
      bids: [['1.00', '1']],
      asks: [],
    });
    expect(book.books.get('AAPL')?.ready).toBe(true);
  });

  it('skips a record that makes a step throw, and resubscribes a stream that errors', () => {
    const { clock, source, trades, pipelines } = harness();
    pipelines.onModuleInit();
    const accept = jest.spyOn(trades, 'accept').mockImplementationOnce(() => {
      throw new Error('boom');
    });
    source.trades.next(trade(1, T0));
    source.trades.next(trade(2, T0));
    expect(accept).toHaveBeenCalledTimes(2);
    expect(trades.history.last('AAPL', 10).map((t) => t.seq)).toEqual([2]);
    source.trades.error(new Error('source down'));
    source.trades = new Subject<Trade>();
    expect(source.subscriptions).toBe(1);
    clock.advance(1000);
    expect(source.subscriptions).toBe(2);
    source.trades.next(trade(3, T0));
    expect(trades.history.last('AAPL', 10).map((t) => t.seq)).toEqual([2, 3]);
  });

  it('subscribes to nothing the source does not feed', () => {
    const { source, pipelines, clock } = harness(['ticks']);
    pipelines.onModuleInit();
    source.ready$.next(true);
    expect(source.subscriptions).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
