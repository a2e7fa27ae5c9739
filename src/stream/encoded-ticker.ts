import type { Ticker } from '../market/ticker.js';

/**
 * A ticker serialised once for every subscriber: the fan-out hands this object
 * on, and frames are concatenated from `json` pieces (no per-client stringify).
 */
export interface EncodedTicker {
  readonly symbol: string;
  readonly seq: number;
  readonly json: string;
  /** UTF-8 length of `json`, in bytes: measured once here, summed per frame. */
  readonly bytes: number;
}

/** A serialised frame and its UTF-8 length in bytes. */
export interface EncodedFrame {
  readonly text: string;
  readonly bytes: number;
}

export function encodeTicker(ticker: Ticker): EncodedTicker {
  const json = JSON.stringify(ticker);
  return { symbol: ticker.symbol, seq: ticker.seq, json, bytes: Buffer.byteLength(json) };
}

const UPDATE_FRAME_HEAD = '{"type":"update","channel":"ticker","data":[';
const SNAPSHOT_FRAME_HEAD = '{"type":"snapshot","channel":"ticker","data":[';
const FRAME_TAIL = ']}';
/** The head and tail of an update frame are ASCII: one byte per character. */
const UPDATE_FRAME_OVERHEAD_BYTES = UPDATE_FRAME_HEAD.length + FRAME_TAIL.length;

/**
 * An `update` frame from pre-serialised tickers, with its size summed from the
 * pieces' sizes. Built by concatenation, which V8 turns into a rope flattened
 * once by `send`: no intermediate array per frame.
 */
export function updateFrame(updates: Iterable<EncodedTicker>): EncodedFrame {
  let text = UPDATE_FRAME_HEAD;
  let bytes = UPDATE_FRAME_OVERHEAD_BYTES;
  let separator = '';
  for (const update of updates) {
    text += separator + update.json;
    bytes += separator.length + update.bytes;
    separator = ',';
  }
  return { text: text + FRAME_TAIL, bytes };
}

/** A `snapshot` frame from pre-serialised tickers. */
export function snapshotFrame(pieces: readonly string[]): string {
  return SNAPSHOT_FRAME_HEAD + pieces.join(',') + FRAME_TAIL;
}
