import type { Trade } from '../../market/trade.js';
import {
  checkSeq,
  checkTs,
  isPositivePrice,
  parseRecordObject,
  reject,
  type Rejected,
} from './record-decoding.js';

/** Longest accepted `tradeId`: an identifier, not a payload. */
export const MAX_TRADE_ID_LENGTH = 64;

/** A decoded trade, tagged with its feed. */
export interface DecodedTrade {
  readonly ok: true;
  readonly feed: 'trades';
  readonly trade: Trade;
}

/**
 * Decodes one record of a trades topic: key = symbol, value
 * `{"symbol","seq","tradeId","ts","price","size","side"}` (docs/kafka.md). Pure and
 * total: every bad record gets a reason. `seq` continuity is not checked here: gaps
 * and redeliveries are the trade history's to judge (and to report to clients).
 */
export function decodeTradeRecord(
  key: Buffer | null,
  value: Buffer | null,
  now: number,
): DecodedTrade | Rejected {
  const parsed = parseRecordObject(key, value);
  if (!parsed.ok) return parsed;
  const { symbol, fields } = parsed;
  const { seq, tradeId, ts, price, size, side } = fields;
  const badSeq = checkSeq(seq);
  if (badSeq) return badSeq;
  if (typeof tradeId !== 'string' || tradeId.length === 0 || tradeId.length > MAX_TRADE_ID_LENGTH)
    return reject('schema', `tradeId must be a string of 1..${MAX_TRADE_ID_LENGTH} characters`);
  const badTs = checkTs(ts, now);
  if (badTs) return badTs;
  if (typeof price !== 'number') return reject('schema', 'price must be a number');
  if (!isPositivePrice(price)) return reject('price', 'price must be a positive finite price');
  if (typeof size !== 'number') return reject('schema', 'size must be a number');
  if (!Number.isFinite(size) || size <= 0)
    return reject('size', 'size must be a finite number > 0');
  if (side !== 'buy' && side !== 'sell') return reject('schema', 'side must be "buy" or "sell"');
  return {
    ok: true,
    feed: 'trades',
    trade: { symbol, seq: seq as number, tradeId, ts: ts as number, price, size, side },
  };
}
