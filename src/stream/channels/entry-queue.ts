import type { EncodedFrame } from '../encoded-ticker.js';
import type { DeliveryChannel, ChannelCounters } from './channel-stats.js';
import { FrameBuilder } from './channel-frame.js';
import type { EncodedEntry } from './encoded-entry.js';

/** A subscription's snapshot, waiting to be written as one or more `snapshot` frames. */
interface SnapshotBlock {
  readonly kind: 'snapshot';
  entries: readonly EncodedEntry[];
  /** Next entry to write. */
  offset: number;
  /** Symbols to name in `truncated` (trades), each in the frame holding its first entry. */
  readonly truncated: ReadonlySet<string>;
}

type QueueItem = EncodedEntry | SnapshotBlock;

/** Writes one frame; false when the session has closed. */
export type FrameWrite = (frame: EncodedFrame) => boolean;

const NOTHING_TRUNCATED: ReadonlySet<string> = new Set();
/** Written items at the head of the array beyond which it is compacted. */
const COMPACT_AFTER = 1024;

function isSnapshot(item: QueueItem): item is SnapshotBlock {
  return (item as SnapshotBlock).kind === 'snapshot';
}

/**
 * One session's entries of one channel that must not be conflated, in order:
 * snapshots and live entries (trades, closed candles, unthrottled book changes).
 * Drained oldest first into `snapshot` and `update` frames of at most
 * `MAX_CHANNEL_FRAME_BYTES`, so a snapshot always precedes later live entries.
 *
 * Memory: live entries count against the session's hard cap (their bytes, see
 * {@link liveBytes}); a snapshot is references to entries the domain retains
 * anyway (bounded per subscription by the retention settings), so it does not,
 * and it is written at the client's pace rather than all at once.
 */
export class EntryQueue {
  /** Written items at the head are cleared (`undefined`) until the array is compacted. */
  private items: Array<QueueItem | undefined> = [];
  private head = 0;
  private live = 0;

  constructor(
    readonly channel: DeliveryChannel,
    private readonly counters: ChannelCounters,
  ) {}

  /** Bytes of live entries waiting: what counts against the slow-consumer cap. */
  get liveBytes(): number {
    return this.live;
  }

  get isEmpty(): boolean {
    return this.head === this.items.length;
  }

  /** Queues a live entry (never conflated). */
  pushLive(entry: EncodedEntry): void {
    this.items.push(entry);
    this.live += entry.bytes;
  }

  /** Queues a snapshot; nothing when `entries` is empty (no snapshot frame is sent then). */
  pushSnapshot(
    entries: readonly EncodedEntry[],
    truncated: ReadonlySet<string> = NOTHING_TRUNCATED,
  ): void {
    if (entries.length === 0) return;
    this.items.push({ kind: 'snapshot', entries, offset: 0, truncated });
  }

  /** Drops every waiting entry whose key satisfies `drop` (unsubscribed, or superseded by a fresh snapshot). */
  drop(drop: (key: string) => boolean): void {
    const kept: QueueItem[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i] as QueueItem;
      if (!isSnapshot(item)) {
        if (drop(item.key)) this.live -= item.bytes;
        else kept.push(item);
        continue;
      }
      const entries = item.entries.slice(item.offset).filter((e) => !drop(e.key));
      if (entries.length === 0) continue;
      // A symbol already named by a frame written from this block is not named again.
      const named = item.offset > 0 ? item.entries[item.offset - 1]?.symbol : undefined;
      const truncated = new Set([...item.truncated].filter((s) => s !== named));
      kept.push({ kind: 'snapshot', entries, offset: 0, truncated });
    }
    this.items = kept;
    this.head = 0;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.live = 0;
  }

  /**
   * Writes frames from the head until the queue is empty or `budgetBytes` are
   * spent (the frame that passes it is written whole). Returns the bytes written.
   * Stops when `write` reports the session closed.
   */
  drain(budgetBytes: number, write: FrameWrite): number {
    let written = 0;
    while (!this.isEmpty && written < budgetBytes) {
      const item = this.items[this.head] as QueueItem;
      const bytes = isSnapshot(item)
        ? this.writeSnapshotFrame(item, write)
        : this.writeUpdateFrame(write);
      if (bytes < 0) return written;
      written += bytes;
    }
    if (this.isEmpty) {
      this.items = [];
      this.head = 0;
    } else if (this.head > COMPACT_AFTER) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return written;
  }

  /** One `snapshot` frame from the head block; -1 when the session closed. */
  private writeSnapshotFrame(block: SnapshotBlock, write: FrameWrite): number {
    const builder = new FrameBuilder('snapshot', this.channel);
    const truncated: string[] = [];
    const { entries } = block;
    while (block.offset < entries.length) {
      const entry = entries[block.offset] as EncodedEntry;
      if (!builder.add(entry)) break;
      // Entries of a symbol are contiguous: its first one is where the symbol is named.
      const previous = entries[block.offset - 1];
      if (block.truncated.has(entry.symbol) && previous?.symbol !== entry.symbol) {
        truncated.push(entry.symbol);
      }
      block.offset++;
    }
    if (block.offset === entries.length) this.items[this.head++] = undefined;
    const frame = builder.finish(truncated);
    if (!write(frame)) return -1;
    this.counters.snapshotFramesSent++;
    this.counters.bytesSent += frame.bytes;
    return frame.bytes;
  }

  /** One `update` frame of the live entries at the head; -1 when the session closed. */
  private writeUpdateFrame(write: FrameWrite): number {
    const builder = new FrameBuilder('update', this.channel);
    while (!this.isEmpty) {
      const item = this.items[this.head] as QueueItem;
      if (isSnapshot(item) || !builder.add(item)) break;
      this.live -= item.bytes;
      this.items[this.head++] = undefined;
    }
    const frame = builder.finish();
    if (!write(frame)) return -1;
    this.counters.framesSent++;
    this.counters.updatesSent += builder.size;
    this.counters.bytesSent += frame.bytes;
    return frame.bytes;
  }
}
