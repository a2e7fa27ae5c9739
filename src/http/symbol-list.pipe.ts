import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { isValidSymbol } from '../market/symbol.js';
import { quoted, restError, RestErrorCode, withOmitted } from './rest-error.js';

/** Longest `symbols` list accepted by `GET /v1/tickers`. */
export const MAX_REST_SYMBOLS = 500;

/**
 * `?symbols=A,B` as a list: split on `,`, trimmed, empty items dropped,
 * duplicates removed (first position kept). `undefined` when the parameter is
 * absent. 400 `BAD_REQUEST` when it is not one string (given twice), holds no
 * symbol or more than {@link MAX_REST_SYMBOLS}; 400 `INVALID_SYMBOL` naming
 * every malformed symbol (cut short, see `quoted`).
 */
@Injectable()
export class SymbolListPipe implements PipeTransform<unknown, string[] | undefined> {
  transform(value: unknown): string[] | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      throw restError(
        HttpStatus.BAD_REQUEST,
        RestErrorCode.BAD_REQUEST,
        'symbols: give the parameter once, as one comma-separated list',
      );
    }
    const symbols = [
      ...new Set(
        value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (symbols.length === 0 || symbols.length > MAX_REST_SYMBOLS) {
      throw restError(
        HttpStatus.BAD_REQUEST,
        RestErrorCode.BAD_REQUEST,
        `symbols: give 1..${MAX_REST_SYMBOLS} symbols (got ${symbols.length})`,
      );
    }
    const invalid = symbols.filter((s) => !isValidSymbol(s));
    if (invalid.length > 0) throw invalidSymbols(invalid);
    return symbols;
  }
}

/** 400 `INVALID_SYMBOL` naming (a bounded number of) the malformed symbols. */
export function invalidSymbols(invalid: readonly string[]): ReturnType<typeof restError> {
  return restError(
    HttpStatus.BAD_REQUEST,
    RestErrorCode.INVALID_SYMBOL,
    withOmitted(
      'Symbols must match ^[A-Z0-9][A-Z0-9._:/-]{0,31}$ (upper case; URL-encode "/" as %2F)',
      invalid.length,
    ),
    quoted(invalid),
  );
}
