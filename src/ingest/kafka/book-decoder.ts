import type { BookLevel, BookRecord } from '../../market/book-level.js';
import { checkBookRecord, type BookDecimals } from '../../market/book-record-check.js';
import { checkSeq, checkTs, parseRecordObject, reject, type Rejected } from './record-decoding.js';

/** A decoded book record, tagged with its feed. */
export interface DecodedBookRecord {
  readonly ok: true;
  readonly feed: 'book';
  readonly record: BookRecord;
}

const UNKNOWN_DECIMALS: BookDecimals = { price: undefined, qty: undefined };

/**
 * Decodes the records of book topics: key = symbol, value
 * `{"symbol","seq","ts","type":"snapshot"|"delta","bids":[[price,qty]…],"asks":[…]}`
 * with decimal strings (docs/kafka.md). Total: every bad record gets a reason.
 *
 * Stateful in one respect: the decimals of each symbol's prices and quantities,
 * fixed by its first accepted record. A record that changes them is refused whole
 * (`decimals`), as is one with a non-canonical number (`format`), so the books
 * downstream never hold two spellings of a price. A refused record leaves a `seq`
 * hole, and the book waits for its next snapshot (the domain's `OrderBook`).
 * `seq` continuity is not checked here: gaps are the book's to handle.
 */
export class BookDecoder {
  private readonly decimals = new Map<string, BookDecimals>();

  decode(key: Buffer | null, value: Buffer | null, now: number): DecodedBookRecord | Rejected {
    const parsed = parseRecordObject(key, value);
    if (!parsed.ok) return parsed;
    const { symbol, fields } = parsed;
    const { seq, ts, type, bids, asks } = fields;
    const badSeq = checkSeq(seq);
    if (badSeq) return badSeq;
    const badTs = checkTs(ts, now);
    if (badTs) return badTs;
    if (type !== 'snapshot' && type !== 'delta')
      return reject('schema', 'type must be "snapshot" or "delta"');
    if (!isLevels(bids) || !isLevels(asks))
      return reject('schema', 'bids and asks must be arrays of [price, qty] string pairs');
    const record: BookRecord = {
      symbol,
      kind: type,
      seq: seq as number,
      ts: ts as number,
      bids,
      asks,
    };
    const check = checkBookRecord(record, this.decimals.get(symbol) ?? UNKNOWN_DECIMALS);
    if (!check.ok) {
      return check.reason === 'format'
        ? reject('format', 'a price or quantity is not a canonical decimal string')
        : reject('decimals', `a price or quantity changes the decimals of ${symbol}`);
    }
    this.decimals.set(symbol, check.decimals);
    return { ok: true, feed: 'book', record };
  }
}

function isLevels(value: unknown): value is BookLevel[] {
  return (
    Array.isArray(value) &&
    value.every(
      (level) =>
        Array.isArray(level) &&
        level.length === 2 &&
        typeof level[0] === 'string' &&
        typeof level[1] === 'string',
    )
  );
}
