import { BehaviorSubject, EMPTY } from 'rxjs';
import { IngestStats } from '../ingest/ingest-stats.js';
import type { TickSource } from '../ingest/tick-source.js';
import type { MarketDataService } from '../stream/market-data.service.js';
import { ReadinessService } from './readiness.service.js';

function harness() {
  const sourceReady = new BehaviorSubject(true);
  const pipelineUp = new BehaviorSubject(true);
  const source: TickSource = {
    name: 'kafka',
    stats: new IngestStats(),
    ticks$: EMPTY,
    feeds: ['ticks'],
    trades$: EMPTY,
    bookRecords$: EMPTY,
    ready$: sourceReady,
    isListed: () => false,
    start: async () => undefined,
    stop: async () => undefined,
  };
  // Readiness reads only the pipeline's state from the market-data service.
  const marketData = { pipelineUp$: pipelineUp } as unknown as MarketDataService;
  return { sourceReady, pipelineUp, readiness: new ReadinessService(source, marketData) };
}

describe('ReadinessService', () => {
  it('is ready while the source delivers and the pipeline runs', () => {
    const { readiness } = harness();
    expect(readiness.ready).toBe(true);
    expect(readiness.checks()).toEqual({ 'source:kafka': true, pipeline: true, accepting: true });
  });

  it('is not ready while the pipeline is down, even with a healthy source', () => {
    const { readiness, pipelineUp } = harness();
    pipelineUp.next(false);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks()).toMatchObject({ 'source:kafka': true, pipeline: false });
    pipelineUp.next(true);
    expect(readiness.ready).toBe(true);
  });

  it('is not ready while the source is down (e.g. its consumer crashed), or when shutting down', () => {
    const { readiness, sourceReady } = harness();
    sourceReady.next(false);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks()).toMatchObject({ 'source:kafka': false, pipeline: true });
    sourceReady.next(true);
    readiness.beforeApplicationShutdown();
    expect(readiness.ready).toBe(false);
    expect(readiness.checks().accepting).toBe(false);
  });
});
