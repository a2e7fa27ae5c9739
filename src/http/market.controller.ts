import { Controller, Get, HttpException, HttpStatus, Param, Query } from '@nestjs/common';
import { isValidSymbol } from '../market/symbol.js';
import type { Ticker } from '../market/ticker.js';
import { TickerBook } from '../market/ticker-book.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { SymbolDirectory } from '../gateway/symbol-directory.js';

/** Longest `symbols` list accepted by `GET /v1/tickers`. */
export const MAX_REST_SYMBOLS = 500;

/** REST snapshots of the book: what a page needs before (or without) a socket. */
@Controller('v1')
export class MarketController {
  constructor(
    private readonly book: TickerBook,
    private readonly directory: SymbolDirectory,
  ) {}

  /** Every symbol with a price, sorted. */
  @Get('symbols')
  symbols(): { symbols: string[] } {
    return { symbols: this.directory.symbols() };
  }

  /** Latest tickers of `?symbols=A,B` (all symbols when omitted). */
  @Get('tickers')
  tickers(@Query('symbols') symbolsParam?: string): { data: Ticker[] } {
    if (symbolsParam === undefined) {
      return { data: this.directory.symbols().map((s) => this.book.get(s)!) };
    }
    const symbols = [
      ...new Set(
        symbolsParam
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (symbols.length === 0 || symbols.length > MAX_REST_SYMBOLS) {
      throw restError(
        HttpStatus.BAD_REQUEST,
        ErrorCode.BAD_REQUEST,
        `symbols: give 1..${MAX_REST_SYMBOLS} symbols`,
      );
    }
    const invalid = symbols.filter((s) => !isValidSymbol(s));
    if (invalid.length > 0)
      throw restError(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_SYMBOL, 'Invalid symbols', invalid);
    const unknown = symbols.filter((s) => !this.book.has(s));
    if (unknown.length > 0)
      throw restError(HttpStatus.NOT_FOUND, ErrorCode.UNKNOWN_SYMBOL, 'Unknown symbols', unknown);
    return { data: symbols.map((s) => this.book.get(s)!) };
  }

  /** Latest ticker of one symbol (URL-encode `/`: `EUR%2FUSD`). */
  @Get('tickers/:symbol')
  ticker(@Param('symbol') symbol: string): Ticker {
    if (!isValidSymbol(symbol))
      throw restError(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_SYMBOL, 'Invalid symbol', [symbol]);
    const ticker = this.book.get(symbol);
    if (!ticker)
      throw restError(HttpStatus.NOT_FOUND, ErrorCode.UNKNOWN_SYMBOL, 'Unknown symbol', [symbol]);
    return ticker;
  }
}

function restError(
  status: HttpStatus,
  code: ErrorCode,
  message: string,
  symbols?: string[],
): HttpException {
  return new HttpException({ code, message, ...(symbols ? { symbols } : {}) }, status);
}
