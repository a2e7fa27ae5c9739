import { SYMBOL_PATTERN } from '../../market/symbol.js';
import type { RawTick } from '../../market/tick.js';

/** Why a record was skipped; each reason is a metric label. */
export type RejectReason =
  'json' | 'schema' | 'symbol' | 'key_mismatch' | 'price' | 'size' | 'ts_range';

export type DecodeResult =
  { ok: true; tick: RawTick } | { ok: false; reason: RejectReason; detail: string };

/** Earliest accepted event time (2000-01-01): older means a unit or field mistake. */
const MIN_TS = Date.UTC(2000, 0, 1);
/**
 * Latest accepted event time, relative to now. A far-future `ts` would freeze
 * its symbol (the book refuses anything older than its last tick), so it is refused.
 */
export const MAX_FUTURE_SKEW_MS = 60_000;

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
  if (value === null) return reject('json', 'empty value (tombstone)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return reject('json', 'value is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return reject('schema', 'value is not a JSON object');
  }
  const record = parsed as Record<string, unknown>;
  const { symbol, ts, lastSize, volume } = record;
  if (typeof symbol !== 'string') return reject('schema', 'symbol must be a string');
  if (!SYMBOL_PATTERN.test(symbol))
    return reject('symbol', `invalid symbol ${JSON.stringify(symbol.slice(0, 40))}`);
  if (key !== null && key.length > 0 && key.toString('utf8') !== symbol) {
    return reject('key_mismatch', `key does not match symbol ${symbol}`);
  }
  if (typeof ts !== 'number' || !Number.isInteger(ts))
    return reject('schema', 'ts must be an integer (epoch ms)');
  if (ts < MIN_TS || ts > now + MAX_FUTURE_SKEW_MS)
    return reject('ts_range', `ts ${ts} is out of range`);
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
    ts,
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
  return { ok: true, tick };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function reject(reason: RejectReason, detail: string): DecodeResult {
  return { ok: false, reason, detail };
}

function isPositivePrice(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function isSize(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}
