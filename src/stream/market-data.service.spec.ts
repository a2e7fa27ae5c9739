import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { BehaviorSubject, EMPTY, Subject, defer } from 'rxjs';
import { IngestStats } from '../ingest/ingest-stats.js';
import type { TickSource } from '../ingest/tick-source.js';
import { TickerBook } from '../market/ticker-book.js';
import type { RawTick } from '../market/tick.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import { FanOutHub } from './fan-out-hub.js';
import { FlushScheduler } from './flush-scheduler.js';
import { MarketDataService } from './market-data.service.js';
import { StreamStats } from './stream-stats.js';

/** A hot source whose stream the test can end; resubscribing sees the same (ended) stream. */
class EndableSource implements TickSource {
  readonly name = 'endable';
  readonly feeds = ['ticks'] as const;
  readonly trades$ = EMPTY;
  readonly bookRecords$ = EMPTY;
  readonly stats = new IngestStats();
  readonly ready$ = new BehaviorSubject(true);
  subject = new Subject<RawTick>();
  subscriptions = 0;
  readonly ticks$ = defer(() => {
    this.subscriptions++;
    return this.subject;
  });

  isListed(): boolean {
    return false;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  emit(symbol: string, last: number, ts: number): void {
    this.subject.next({ symbol, ts, bid: last, ask: last, last, lastSize: 1 });
  }
}

function harness() {
  const clock = new VirtualClock();
  const source = new EndableSource();
  const hub = new FanOutHub(clock, new FlushScheduler(clock, 10));
  const book = new TickerBook();
  const service = new MarketDataService(source, book, hub, new StreamStats(), clock);
  const up: boolean[] = [];
  service.pipelineUp$.subscribe((value) => up.push(value));
  const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  return { clock, source, book, hub, service, up, errors };
}

describe('MarketDataService pipeline', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is up once bootstrapped, and prices flow to the latest-ticker cache', async () => {
    const { clock, source, service, up } = harness();
    expect(up).toEqual([false]);
    await service.onApplicationBootstrap();
    source.emit('AAPL', 10, clock.now());
    expect(up).toEqual([false, true]);
    expect(service.latest('AAPL')?.symbol).toBe('AAPL');
  });

  it('a step that throws takes it down, then it resubscribes after a delay and prices flow again', async () => {
    const { clock, source, book, service, up, errors } = harness();
    await service.onApplicationBootstrap();
    source.emit('AAPL', 10, clock.now());
    jest.spyOn(book, 'apply').mockImplementationOnce(() => {
      throw new Error('book bug');
    });
    source.emit('AAPL', 99, clock.now());
    expect(up).toEqual([false, true, false]);
    expect(errors).toHaveBeenCalledWith(
      'tick pipeline failed: Error: book bug; resubscribing in 1000 ms',
    );

    source.emit('AAPL', 11, clock.now());
    expect(service.latest('AAPL')?.json).toContain('"last":10');
    clock.advance(999);
    expect(up.at(-1)).toBe(false);
    clock.advance(1);
    expect(up.at(-1)).toBe(true);
    source.emit('AAPL', 12, clock.now());
    expect(service.latest('AAPL')?.json).toContain('"last":12');
  });

  it('a failing fan-out is handled the same way, not thrown out of the pipeline', async () => {
    const { clock, source, hub, service, up, errors } = harness();
    await service.onApplicationBootstrap();
    jest.spyOn(hub, 'publish').mockImplementationOnce(() => {
      throw new Error('fan-out bug');
    });
    source.emit('AAPL', 10, clock.now());
    expect(up.at(-1)).toBe(false);
    expect(errors).toHaveBeenCalledWith(
      'tick pipeline failed: Error: fan-out bug; resubscribing in 1000 ms',
    );
    clock.advance(1000);
    source.emit('AAPL', 11, clock.now());
    expect(service.latest('AAPL')?.json).toContain('"last":11');
  });

  it('a source that has ended for good keeps it down, retried with doubling delays', async () => {
    const { clock, source, service, up, errors } = harness();
    await service.onApplicationBootstrap();
    source.subject.complete();
    expect(up.at(-1)).toBe(false);
    clock.advance(1000); // resubscribes, and the completed stream ends it again at once
    clock.advance(2000);
    clock.advance(4000);
    expect(source.subscriptions).toBe(4);
    expect(up.at(-1)).toBe(false);
    expect(errors.mock.calls.map(([message]) => String(message))).toEqual([
      'tick pipeline completed; resubscribing in 1000 ms',
      'tick pipeline completed; resubscribing in 2000 ms',
      'tick pipeline completed; resubscribing in 4000 ms',
      'tick pipeline completed; resubscribing in 8000 ms',
    ]);

    // The source recovers: the next resubscription stays up.
    source.subject = new Subject<RawTick>();
    clock.advance(8000);
    expect(up.at(-1)).toBe(true);
  });

  it('an end during shutdown is expected: no restart, no timer left behind', async () => {
    const { clock, source, service } = harness();
    await service.onApplicationBootstrap();
    await service.onApplicationShutdown();
    source.subject.complete();
    clock.advance(60_000);
    expect(source.subscriptions).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
