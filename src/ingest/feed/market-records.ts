import type { BookRecord } from '../../market/book-level.js';
import type { RawTick } from '../../market/tick.js';
import type { Trade } from '../../market/trade.js';

/** A Kafka record as the feeder writes it: key = symbol, value = JSON (docs/kafka.md). */
export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
}

/** A tick record: the tick as it is. */
export function tickRecord(tick: RawTick): KafkaRecord {
  return { key: tick.symbol, value: JSON.stringify(tick) };
}

/** A trade record: `{"symbol","seq","tradeId","ts","price","size","side"}`. */
export function tradeRecord(trade: Trade): KafkaRecord {
  const { symbol, seq, tradeId, ts, price, size, side } = trade;
  return { key: symbol, value: JSON.stringify({ symbol, seq, tradeId, ts, price, size, side }) };
}

/** A book record: `{"symbol","seq","ts","type","bids","asks"}`, `type` being the record's `kind`. */
export function bookRecord(record: BookRecord): KafkaRecord {
  const { symbol, seq, ts, kind, bids, asks } = record;
  return { key: symbol, value: JSON.stringify({ symbol, seq, ts, type: kind, bids, asks }) };
}
