import { Controller, Get, HttpStatus, Param, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/index.js';
import { isValidSymbol } from '../market/symbol.js';
import type { Ticker } from '../market/ticker.js';
import { TickerBook } from '../market/ticker-book.js';
import { SymbolDirectory } from '../gateway/symbol-directory.js';
import { RequestPrincipal } from './request-principal.js';
import { RestAuthGuard } from './rest-auth.guard.js';
import { restError, RestErrorCode } from './rest-error.js';

/** Longest `symbols` list accepted by `GET /v1/tickers`. */
export const MAX_REST_SYMBOLS = 500;

/**
 * REST snapshots of the book: what a page needs before (or without) a socket.
 * Behind the stream's own credentials and entitlements: a principal reads and
 * lists only the symbols it could subscribe to.
 */
@Controller('v1')
@UseGuards(RestAuthGuard)
export class MarketController {
  constructor(
    private readonly book: TickerBook,
    private readonly directory: SymbolDirectory,
  ) {}

  /** Every symbol with a price that the principal is entitled to, sorted. */
  @Get('symbols')
  symbols(@RequestPrincipal() principal: Principal): { symbols: string[] } {
    return { symbols: this.entitledSymbols(principal) };
  }

  /** Latest tickers of `?symbols=A,B` (all entitled symbols when omitted). */
  @Get('tickers')
  tickers(
    @RequestPrincipal() principal: Principal,
    @Query('symbols') symbolsParam?: string,
  ): { data: Ticker[] } {
    if (symbolsParam === undefined) {
      return { data: this.entitledSymbols(principal).map((s) => this.book.get(s)!) };
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
        RestErrorCode.BAD_REQUEST,
        `symbols: give 1..${MAX_REST_SYMBOLS} symbols`,
      );
    }
    this.assertReadable(symbols, principal);
    return { data: symbols.map((s) => this.book.get(s)!) };
  }

  /** Latest ticker of one symbol (URL-encode `/`: `EUR%2FUSD`). */
  @Get('tickers/:symbol')
  ticker(@RequestPrincipal() principal: Principal, @Param('symbol') symbol: string): Ticker {
    this.assertReadable([symbol], principal);
    return this.book.get(symbol)!;
  }

  private entitledSymbols(principal: Principal): string[] {
    return this.directory.symbols().filter((s) => principal.entitlements.allows(s));
  }

  /**
   * Throws unless every symbol is well formed (400), has a price (404) and is
   * within the principal's entitlements (403), naming the offenders of the
   * first failing check — the stream's order for a subscribe.
   */
  private assertReadable(symbols: readonly string[], principal: Principal): void {
    const invalid = symbols.filter((s) => !isValidSymbol(s));
    if (invalid.length > 0) {
      throw restError(
        HttpStatus.BAD_REQUEST,
        RestErrorCode.INVALID_SYMBOL,
        'Invalid symbols',
        invalid,
      );
    }
    const unknown = symbols.filter((s) => !this.book.has(s));
    if (unknown.length > 0) {
      throw restError(
        HttpStatus.NOT_FOUND,
        RestErrorCode.UNKNOWN_SYMBOL,
        'Unknown symbols',
        unknown,
      );
    }
    const forbidden = symbols.filter((s) => !principal.entitlements.allows(s));
    if (forbidden.length > 0) {
      throw restError(
        HttpStatus.FORBIDDEN,
        RestErrorCode.FORBIDDEN,
        'Not entitled to symbols',
        forbidden,
      );
    }
  }
}
