import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { BOOK_DEPTHS, DEFAULT_BOOK_DEPTH, type BookDepth } from '../market/book-level.js';
import { CANDLE_INTERVALS, isCandleInterval, type CandleInterval } from '../market/candle.js';
import { quoted, restError, RestErrorCode } from './rest-error.js';

/** Digits of a query integer: no sign, no exponent, no leading zeros, at most 9 digits. */
const QUERY_INTEGER = /^(?:0|[1-9][0-9]{0,8})$/;

function badQuery(message: string): ReturnType<typeof restError> {
  return restError(HttpStatus.BAD_REQUEST, RestErrorCode.BAD_REQUEST, message);
}

/** The text of a query value as quoted back in an error (cut short). */
function shown(value: unknown): string {
  return quoted([String(value)])[0] as string;
}

/**
 * An optional integer query parameter ≥ 0 (`?limit=50`): `undefined` when absent,
 * 400 `BAD_REQUEST` for anything but plain digits. The route checks its range.
 */
export class QueryIntegerPipe implements PipeTransform<unknown, number | undefined> {
  constructor(private readonly name: string) {}

  transform(value: unknown): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && QUERY_INTEGER.test(value)) return Number(value);
    throw badQuery(`${this.name}: an integer >= 0 (got "${shown(value)}")`);
  }
}

/** Throws 400 `BAD_REQUEST` unless `value` lies in `min..max`. */
export function assertQueryRange(name: string, value: number, min: number, max: number): void {
  if (value < min || value > max) throw badQuery(`${name}: ${min}..${max} (got ${value})`);
}

/** `?interval=` of the candles route: required, one of the candle intervals. */
@Injectable()
export class CandleIntervalPipe implements PipeTransform<unknown, CandleInterval> {
  transform(value: unknown): CandleInterval {
    if (isCandleInterval(value)) return value;
    throw badQuery(
      value === undefined
        ? `interval: required, one of ${CANDLE_INTERVALS.join(', ')}`
        : `interval: one of ${CANDLE_INTERVALS.join(', ')} (got "${shown(value)}")`,
    );
  }
}

/** `?depth=` of the book route: 10, 25 or 100; 10 when absent. */
@Injectable()
export class BookDepthPipe implements PipeTransform<unknown, BookDepth> {
  transform(value: unknown): BookDepth {
    if (value === undefined) return DEFAULT_BOOK_DEPTH;
    const depth = BOOK_DEPTHS.find((d) => String(d) === value);
    if (depth !== undefined) return depth;
    throw badQuery(`depth: one of ${BOOK_DEPTHS.join(', ')} (got "${shown(value)}")`);
  }
}
