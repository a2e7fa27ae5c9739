import type { RawTick } from '../../market/tick.js';
import { DRAIN_SLICE, IngestQueue } from './ingest-queue.js';

const tick = (i: number): RawTick => ({
  symbol: 'A',
  ts: i,
  bid: 1,
  ask: 2,
  last: 1.5,
  lastSize: 1,
});
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('IngestQueue', () => {
  it('hands items to the sink in order, one slice per event-loop turn', async () => {
    const seen: number[] = [];
    const queue = new IngestQueue<RawTick>(
      1e9,
      (t) => seen.push(t.ts),
      () => undefined,
      () => undefined,
    );
    queue.push(Array.from({ length: DRAIN_SLICE * 2 + 5 }, (_, i) => tick(i)));
    expect(seen).toHaveLength(0);
    await nextTurn();
    expect(seen).toHaveLength(DRAIN_SLICE);
    await nextTurn();
    await nextTurn();
    expect(seen).toEqual(Array.from({ length: DRAIN_SLICE * 2 + 5 }, (_, i) => i));
  });

  it('reports pressure at capacity and relief at half of it, then drained', async () => {
    const events: string[] = [];
    const capacity = 3 * DRAIN_SLICE;
    const queue = new IngestQueue<RawTick>(
      capacity,
      () => undefined,
      (full) => events.push(full ? 'full' : 'relief'),
      () => events.push('drained'),
    );
    queue.push(Array.from({ length: capacity + 100 }, (_, i) => tick(i)));
    expect(events).toEqual(['full']);
    await nextTurn(); // 2 slices + 100 left: still above half
    expect(events).toEqual(['full']);
    await nextTurn(); // 1 slice + 100 left: at most half
    expect(events).toEqual(['full', 'relief']);
    await nextTurn();
    await nextTurn();
    expect(events).toEqual(['full', 'relief', 'drained']);
    expect(queue.depth).toBe(0);
  });
});
