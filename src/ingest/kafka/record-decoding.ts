import { SYMBOL_PATTERN } from '../../market/symbol.js';

/**
 * Why a record was skipped; each reason is a label of
 * `tickstream_ingest_rejected_total` (docs/kafka.md lists them per feed).
 */
export type RejectReason =
  | 'json'
  | 'schema'
  | 'symbol'
  | 'key_mismatch'
  | 'price'
  | 'size'
  | 'ts_range'
  | 'format'
  | 'decimals';

/** A record that cannot be used, with a reason and a detail for the log. */
export interface Rejected {
  readonly ok: false;
  readonly reason: RejectReason;
  readonly detail: string;
}

/** The JSON object of a record whose symbol is valid and agrees with its key. */
export interface RecordObject {
  readonly ok: true;
  readonly symbol: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Earliest accepted event time (2000-01-01): older means a unit or field mistake. */
const MIN_TS = Date.UTC(2000, 0, 1);
/**
 * Latest accepted event time, relative to now. A far-future `ts` would freeze
 * its symbol (the book refuses anything older than its last tick), so it is refused.
 */
export const MAX_FUTURE_SKEW_MS = 60_000;

export function reject(reason: RejectReason, detail: string): Rejected {
  return { ok: false, reason, detail };
}

/**
 * The checks every feed's records start with: a JSON object (`json`, `schema`)
 * with a valid `symbol` (`schema`, `symbol`) equal to the key when there is one
 * (`key_mismatch`). A null value (tombstone) is `json`.
 */
export function parseRecordObject(
  key: Buffer | null,
  value: Buffer | null,
): RecordObject | Rejected {
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
  const fields = parsed as Record<string, unknown>;
  const { symbol } = fields;
  if (typeof symbol !== 'string') return reject('schema', 'symbol must be a string');
  if (!SYMBOL_PATTERN.test(symbol))
    return reject('symbol', `invalid symbol ${JSON.stringify(symbol.slice(0, 40))}`);
  if (key !== null && key.length > 0 && key.toString('utf8') !== symbol) {
    return reject('key_mismatch', `key does not match symbol ${symbol}`);
  }
  return { ok: true, symbol, fields };
}

/** `ts` is an integer (`schema`) of epoch ms between 2000 and a minute from `now` (`ts_range`). */
export function checkTs(ts: unknown, now: number): Rejected | undefined {
  if (typeof ts !== 'number' || !Number.isInteger(ts))
    return reject('schema', 'ts must be an integer (epoch ms)');
  if (ts < MIN_TS || ts > now + MAX_FUTURE_SKEW_MS)
    return reject('ts_range', `ts ${ts} is out of range`);
  return undefined;
}

/** `seq` is a positive safe integer (`schema`). */
export function checkSeq(seq: unknown): Rejected | undefined {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
    return reject('schema', 'seq must be a positive integer');
  return undefined;
}

export function isPositivePrice(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}
