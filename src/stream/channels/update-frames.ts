import type { ChannelCounters, DeliveryChannel } from './channel-stats.js';
import { FrameBuilder } from './channel-frame.js';
import type { EncodedEntry } from './encoded-entry.js';
import type { FrameWrite } from './entry-queue.js';

/**
 * Writes `entries` as `update` frames of `channel` (several when they pass the
 * frame size), in order. Returns the bytes written; stops when the session closes.
 */
export function writeUpdateFrames(
  channel: DeliveryChannel,
  entries: readonly EncodedEntry[],
  counters: ChannelCounters,
  write: FrameWrite,
): number {
  let written = 0;
  let i = 0;
  while (i < entries.length) {
    const builder = new FrameBuilder('update', channel);
    while (i < entries.length && builder.add(entries[i] as EncodedEntry)) i++;
    const frame = builder.finish();
    if (!write(frame)) return written;
    counters.framesSent++;
    counters.updatesSent += builder.size;
    counters.bytesSent += frame.bytes;
    written += frame.bytes;
  }
  return written;
}
