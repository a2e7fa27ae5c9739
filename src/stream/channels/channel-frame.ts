import type { Channel } from '../../protocol/messages.js';
import type { EncodedFrame } from '../encoded-ticker.js';
import type { EncodedEntry } from './encoded-entry.js';

/**
 * Largest payload of one `snapshot` or `update` frame of the trades, candles and
 * book channels, in bytes: a larger snapshot (a `since` resumption, 1000 bars of
 * history) spans several frames. 64 KiB keeps one frame's write short and within
 * the 16-bit length header, and is far above one entry (a depth-100 book entry is
 * about 5 KiB), so the per-frame overhead stays under 0.1 %.
 */
export const MAX_CHANNEL_FRAME_BYTES = 65_536;

export type ChannelFrameType = 'snapshot' | 'update';

const FRAME_TAIL = ']}';

/** `{"type":…,"channel":…,"data":[`: ASCII, so its length is its size in bytes. */
function frameHead(type: ChannelFrameType, channel: Channel): string {
  return `{"type":"${type}","channel":"${channel}","data":[`;
}

/**
 * Builds one frame from pre-serialised entries, up to {@link MAX_CHANNEL_FRAME_BYTES}
 * (a single larger entry still makes a frame of its own). Concatenation only: no
 * per-client serialisation.
 */
export class FrameBuilder {
  private text: string;
  private bytes: number;
  private count = 0;

  constructor(
    type: ChannelFrameType,
    channel: Channel,
    private readonly maxBytes = MAX_CHANNEL_FRAME_BYTES,
  ) {
    this.text = frameHead(type, channel);
    this.bytes = this.text.length + FRAME_TAIL.length;
  }

  /** Number of entries added. */
  get size(): number {
    return this.count;
  }

  /** Adds `entry` unless it would take a non-empty frame past the size limit; returns whether it did. */
  add(entry: EncodedEntry): boolean {
    const added = this.count === 0 ? entry.bytes : entry.bytes + 1;
    if (this.count > 0 && this.bytes + added > this.maxBytes) return false;
    this.text += this.count === 0 ? entry.json : ',' + entry.json;
    this.bytes += added;
    this.count++;
    return true;
  }

  /**
   * The finished frame. `truncated` (trades snapshots) names the symbols whose
   * `since` was older than the retained trades, at the frame's top level.
   */
  finish(truncated: readonly string[] = []): EncodedFrame {
    if (truncated.length === 0) return { text: this.text + FRAME_TAIL, bytes: this.bytes };
    const tail = `],"truncated":${JSON.stringify(truncated)}}`;
    return {
      text: this.text + tail,
      bytes: this.bytes - FRAME_TAIL.length + Buffer.byteLength(tail),
    };
  }
}
