import type { RawTick } from '../../market/tick.js';
import {
  checkTs,
  isPositivePrice,
  parseRecordObject,
  reject,
  type Rejected,
} from './record-decoding.js';

/** A decoded tick, tagged with its feed so it can share a queue with trades and book records. */
export interface DecodedTick {
  readonly ok: true;
  readonly feed: 'ticks';
  readonly tick: RawTick;
}

export type DecodeResult = DecodedTick | Rejected;

const PRICE_FIELDS = ['bid', 'ask', 'last'] as const;
const OPTIONAL_PRICE_FIELDS = ['open', 'high', 'low'] as const;

/**
 * Decodes one Kafka record (key = symbol, value = JSON tick, see
 * docs/kafka.md). Pure and total: it never throws, every bad record gets a reason.
 */
export function decodeTickRecord(
  key: Buffer | null,
  value: Buffer | null,
  now: number,
): DecodeResult {
  const parsed = parseRecordObject(key, value);
  if (!parsed.ok) return parsed;
  const { symbol, fields: record } = parsed;
  const { ts, lastSize, volume } = record;
  const badTs = checkTs(ts, now);
  if (badTs) return badTs;
  for (const field of PRICE_FIELDS) {
    const price = record[field];
    if (typeof price !== 'number') return reject('schema', `${field} must be a number`);
    if (!isPositivePrice(price)) return reject('price', `${field} must be a positive finite price`);
  }
  for (const field of OPTIONAL_PRICE_FIELDS) {
    const price = record[field];
    if (price !== undefined && (typeof price !== 'number' || !isPositivePrice(price))) {
      return reject('price', `${field} must be a positive finite price when present`);
    }
  }
  if (typeof lastSize !== 'number') return reject('schema', 'lastSize must be a number');
  if (!isSize(lastSize)) return reject('size', 'lastSize must be a finite number ≥ 0');
  if (volume !== undefined && (typeof volume !== 'number' || !isSize(volume))) {
    return reject('size', 'volume must be a finite number ≥ 0 when present');
  }
  // Built field by field: this runs for every record, and spreads allocate.
  const tick: Mutable<RawTick> = {
    symbol,
    ts: ts as number,
    bid: record.bid as number,
    ask: record.ask as number,
    last: record.last as number,
    lastSize,
  };
  if (volume !== undefined) tick.volume = volume;
  for (const field of OPTIONAL_PRICE_FIELDS) {
    const price = record[field];
    if (typeof price === 'number') tick[field] = price;
  }
  return { ok: true, feed: 'ticks', tick };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isSize(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}
