import type { Admin } from 'kafkajs';

/** Where consumption starts, and the high watermarks that mean "caught up". */
export interface WarmStartPlan {
  /** Start offset per topic and partition. */
  readonly starts: ReadonlyArray<{
    topic: string;
    partitions: Array<{ partition: number; offset: string }>;
  }>;
  /** `topic/partition` → offset of the next record at plan time (high watermark). */
  readonly targets: ReadonlyMap<string, number>;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/**
 * Configured topics that do not exist (yet). Every configured topic is waited for,
 * whichever its feed: the source consumes nothing until all exist, so an instance
 * missing one never reports ready rather than serving a feed it advertises without
 * data.
 */
export class MissingTopicsError extends Error {
  constructor(readonly topics: readonly string[]) {
    super(`Kafka topic(s) ${topics.join(', ')} do not exist yet`);
    this.name = 'MissingTopicsError';
  }
}

/**
 * Re-reads the last `records` of every partition of every topic: enough to know
 * the latest price of every recently active symbol, the recent trades, and a
 * recent snapshot of each active book, without replaying whole topics. Throws
 * {@link MissingTopicsError} when a topic does not exist.
 */
export async function planWarmStart(
  admin: Admin,
  topics: readonly string[],
  records: number,
): Promise<WarmStartPlan> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) throw new MissingTopicsError(missing);
  const targets = new Map<string, number>();
  const starts = [];
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const partitions = offsets.map(({ partition, high, low }) => {
      const highOffset = Number(high);
      targets.set(partitionKey(topic, partition), highOffset);
      return { partition, offset: String(Math.max(Number(low), highOffset - records)) };
    });
    starts.push({ topic, partitions });
  }
  return { starts, targets };
}

/** Tracks consumed offsets against a plan's targets. */
export class CatchUpTracker {
  private readonly consumed = new Map<string, number>();

  constructor(private readonly targets: ReadonlyMap<string, number>) {}

  /** Records that the record at `offset` of `key` has been consumed. */
  consumedUpTo(key: string, offset: number): void {
    if (offset > (this.consumed.get(key) ?? -1)) this.consumed.set(key, offset);
  }

  /** Last consumed offset of a partition, or -1. */
  lastOffset(key: string): number {
    return this.consumed.get(key) ?? -1;
  }

  /** True once every partition has been read up to its target. */
  get caughtUp(): boolean {
    for (const [key, target] of this.targets) {
      if ((this.consumed.get(key) ?? -1) + 1 < target) return false;
    }
    return true;
  }
}
