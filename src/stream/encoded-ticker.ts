import type { Ticker } from '../market/ticker.js';

/**
 * A ticker serialised once for every subscriber: the fan-out hands this object
 * on, and frames are concatenated from `json` pieces (no per-client stringify).
 */
export interface EncodedTicker {
  readonly symbol: string;
  readonly seq: number;
  readonly json: string;
}

export function encodeTicker(ticker: Ticker): EncodedTicker {
  return { symbol: ticker.symbol, seq: ticker.seq, json: JSON.stringify(ticker) };
}

const UPDATE_FRAME_HEAD = '{"type":"update","channel":"ticker","data":[';
const SNAPSHOT_FRAME_HEAD = '{"type":"snapshot","channel":"ticker","data":[';
const FRAME_TAIL = ']}';

/**
 * An `update` frame from pre-serialised tickers. Built by concatenation, which
 * V8 turns into a rope flattened once by `send`: no intermediate array per frame.
 */
export function updateFrame(updates: Iterable<EncodedTicker>): string {
  let frame = UPDATE_FRAME_HEAD;
  let separator = '';
  for (const update of updates) {
    frame += separator + update.json;
    separator = ',';
  }
  return frame + FRAME_TAIL;
}

/** A `snapshot` frame from pre-serialised tickers. */
export function snapshotFrame(pieces: readonly string[]): string {
  return SNAPSHOT_FRAME_HEAD + pieces.join(',') + FRAME_TAIL;
}
