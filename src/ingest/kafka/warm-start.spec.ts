import type { Admin } from 'kafkajs';
import { CatchUpTracker, MissingTopicsError, planWarmStart } from './warm-start.js';

/** An admin client that knows topics and their partitions' low and high watermarks. */
function fakeAdmin(topics: Record<string, Array<[low: number, high: number]>>): Admin {
  return {
    listTopics: async () => Object.keys(topics),
    fetchTopicOffsets: async (topic: string) =>
      topics[topic]!.map(([low, high], partition) => ({
        partition,
        low: String(low),
        high: String(high),
        offset: String(high),
      })),
  } as unknown as Admin;
}

describe('planWarmStart', () => {
  it('starts every partition of every topic `records` before its end, never before its start', async () => {
    const admin = fakeAdmin({
      ticks: [
        [0, 9000],
        [0, 100],
      ],
      trades: [[7000, 7500]],
      book: [[0, 0]],
    });
    const plan = await planWarmStart(admin, ['ticks', 'trades', 'book'], 5000);
    expect(plan.starts).toEqual([
      {
        topic: 'ticks',
        partitions: [
          { partition: 0, offset: '4000' },
          { partition: 1, offset: '0' },
        ],
      },
      { topic: 'trades', partitions: [{ partition: 0, offset: '7000' }] },
      { topic: 'book', partitions: [{ partition: 0, offset: '0' }] },
    ]);
    expect([...plan.targets]).toEqual([
      ['ticks/0', 9000],
      ['ticks/1', 100],
      ['trades/0', 7500],
      ['book/0', 0],
    ]);
  });

  it('names every configured topic that does not exist yet', async () => {
    const admin = fakeAdmin({ ticks: [[0, 1]] });
    const planning = planWarmStart(admin, ['ticks', 'market.trades', 'market.book'], 10);
    await expect(planning).rejects.toThrow(MissingTopicsError);
    await expect(planning).rejects.toThrow(
      'Kafka topic(s) market.trades, market.book do not exist yet',
    );
  });
});

describe('CatchUpTracker', () => {
  it('is caught up once every partition is read up to its target', () => {
    const tracker = new CatchUpTracker(
      new Map([
        ['t/0', 3],
        ['b/0', 0],
      ]),
    );
    expect(tracker.caughtUp).toBe(false);
    tracker.consumedUpTo('t/0', 1);
    expect([tracker.caughtUp, tracker.lastOffset('t/0'), tracker.lastOffset('b/0')]).toEqual([
      false,
      1,
      -1,
    ]);
    tracker.consumedUpTo('t/0', 2);
    expect(tracker.caughtUp).toBe(true);
  });
});
