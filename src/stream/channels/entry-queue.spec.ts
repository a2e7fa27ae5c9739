import type { EncodedFrame } from '../encoded-ticker.js';
import { MAX_CHANNEL_FRAME_BYTES } from './channel-frame.js';
import { ChannelCounters } from './channel-stats.js';
import { encodeEntry, type EncodedEntry } from './encoded-entry.js';
import { EntryQueue } from './entry-queue.js';

function trade(symbol: string, seq: number, padding = 0): EncodedEntry {
  const value = { symbol, seq, tradeId: 'x'.repeat(padding) };
  return encodeEntry(value);
}

function writer(): { frames: EncodedFrame[]; write: (frame: EncodedFrame) => boolean } {
  const frames: EncodedFrame[] = [];
  return { frames, write: (frame) => (frames.push(frame), true) };
}

const parse = (
  frame: EncodedFrame,
): { type: string; data: Array<{ symbol: string; seq: number }>; truncated?: string[] } =>
  JSON.parse(frame.text) as never;

describe('EntryQueue', () => {
  it('writes live entries oldest first in update frames of at most MAX_CHANNEL_FRAME_BYTES, counting them', () => {
    const counters = new ChannelCounters();
    const queue = new EntryQueue('trades', counters);
    const entries = Array.from({ length: 300 }, (_, i) => trade('BTC-USD', i + 1, 500));
    for (const e of entries) queue.pushLive(e);
    expect(queue.liveBytes).toBe(entries.reduce((n, e) => n + e.bytes, 0));
    const { frames, write } = writer();
    queue.drain(Number.POSITIVE_INFINITY, write);
    expect(queue.isEmpty).toBe(true);
    expect(queue.liveBytes).toBe(0);
    expect(frames.length).toBeGreaterThan(2);
    for (const frame of frames) {
      expect(frame.bytes).toBe(Buffer.byteLength(frame.text));
      expect(frame.bytes).toBeLessThanOrEqual(MAX_CHANNEL_FRAME_BYTES);
      expect(parse(frame).type).toBe('update');
    }
    expect(frames.flatMap((f) => parse(f).data.map((t) => t.seq))).toEqual(
      entries.map((_, i) => i + 1),
    );
    expect(counters).toMatchObject({
      updatesSent: 300,
      framesSent: frames.length,
      snapshotFramesSent: 0,
    });
    expect(counters.bytesSent).toBe(frames.reduce((n, f) => n + f.bytes, 0));
  });

  it('writes a snapshot before the live entries queued after it, naming each truncated symbol once', () => {
    const queue = new EntryQueue('trades', new ChannelCounters());
    const snapshot = [
      ...Array.from({ length: 200 }, (_, i) => trade('AAA', i + 1, 400)),
      ...Array.from({ length: 200 }, (_, i) => trade('BBB', i + 1, 400)),
    ];
    queue.pushSnapshot(snapshot, new Set(['BBB']));
    queue.pushLive(trade('AAA', 201));
    const { frames, write } = writer();
    queue.drain(Number.POSITIVE_INFINITY, write);
    const parsed = frames.map(parse);
    expect(parsed.at(-1)).toMatchObject({ type: 'update', data: [{ symbol: 'AAA', seq: 201 }] });
    const snapshots = parsed.slice(0, -1);
    expect(snapshots.every((f) => f.type === 'snapshot')).toBe(true);
    expect(snapshots.flatMap((f) => f.truncated ?? [])).toEqual(['BBB']);
    const naming = snapshots.find((f) => f.truncated)!;
    expect(naming.data.find((t) => t.symbol === 'BBB')?.seq).toBe(1);
    expect(queue.liveBytes).toBe(0);
  });

  it('stops at the byte budget and continues where it stopped', () => {
    const queue = new EntryQueue('candles', new ChannelCounters());
    queue.pushSnapshot(Array.from({ length: 1000 }, (_, i) => trade('AAA', i, 200)));
    const { frames, write } = writer();
    const written = queue.drain(100_000, write);
    expect(written).toBeGreaterThanOrEqual(100_000);
    expect(written).toBeLessThan(100_000 + MAX_CHANNEL_FRAME_BYTES);
    expect(queue.isEmpty).toBe(false);
    queue.drain(Number.POSITIVE_INFINITY, write);
    expect(frames.flatMap((f) => parse(f).data.map((t) => t.seq))).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });

  it('drops waiting entries by key, live and snapshot alike, and stops when the session closes', () => {
    const queue = new EntryQueue('trades', new ChannelCounters());
    queue.pushSnapshot([trade('AAA', 1), trade('BBB', 1)]);
    queue.pushLive(trade('AAA', 2));
    queue.pushLive(trade('BBB', 2));
    queue.drop((key) => key === 'AAA');
    expect(queue.liveBytes).toBe(trade('BBB', 2).bytes);
    const { frames, write } = writer();
    queue.drain(Number.POSITIVE_INFINITY, write);
    expect(frames.map(parse).map((f) => f.data.map((t) => `${t.symbol}:${t.seq}`))).toEqual([
      ['BBB:1'],
      ['BBB:2'],
    ]);
    queue.pushLive(trade('BBB', 3));
    expect(queue.drain(Number.POSITIVE_INFINITY, () => false)).toBe(0);
  });
});
