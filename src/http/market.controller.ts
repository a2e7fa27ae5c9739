import { Controller, Get, HttpStatus, Param, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/index.js';
import type { Ticker } from '../market/ticker.js';
import { TickerBook } from '../market/ticker-book.js';
import { SymbolDirectory } from '../gateway/symbol-directory.js';
import { QueryParams, QueryParamsGuard } from './query-params.guard.js';
import { RequestPrincipal } from './request-principal.js';
import { RestAuthGuard } from './rest-auth.guard.js';
import { restError, RestErrorCode } from './rest-error.js';
import { SymbolListPipe } from './symbol-list.pipe.js';
import { SymbolParamPipe } from './symbol-param.pipe.js';

/**
 * REST snapshots of the book: what a page needs before (or without) a socket.
 * Behind the stream's own credentials and entitlements (a principal reads and
 * lists only the symbols it could subscribe to); parameters are checked before
 * any lookup, each refusal a 4xx with the REST error body.
 */
@Controller('v1')
@UseGuards(RestAuthGuard, QueryParamsGuard)
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
  @QueryParams('symbols')
  tickers(
    @RequestPrincipal() principal: Principal,
    @Query('symbols', SymbolListPipe) symbols: string[] | undefined,
  ): { data: Ticker[] } {
    if (symbols === undefined) {
      return { data: this.entitledSymbols(principal).map((s) => this.book.get(s)!) };
    }
    this.assertReadable(symbols, principal);
    return { data: symbols.map((s) => this.book.get(s)!) };
  }

  /** Latest ticker of one symbol (URL-encode `/`: `EUR%2FUSD`). */
  @Get('tickers/:symbol')
  ticker(
    @RequestPrincipal() principal: Principal,
    @Param('symbol', SymbolParamPipe) symbol: string,
  ): Ticker {
    this.assertReadable([symbol], principal);
    return this.book.get(symbol)!;
  }

  /**
   * A symbol with an unencoded `/` (`/v1/tickers/EUR/USD`) arrives as several
   * path segments: say how to write it instead of a bare "no such route".
   */
  @Get('tickers/*rest')
  unencodedSlash(): never {
    throw restError(
      HttpStatus.BAD_REQUEST,
      RestErrorCode.INVALID_SYMBOL,
      'A symbol is one path segment: URL-encode "/" as %2F (/v1/tickers/EUR%2FUSD)',
    );
  }

  private entitledSymbols(principal: Principal): string[] {
    return this.directory.symbols().filter((s) => principal.entitlements.allows(s));
  }

  /**
   * Throws unless every (well-formed, so at most 32 characters) symbol has a
   * price (404) and is within the principal's entitlements (403), naming all
   * offenders of the first failing check — the stream's order for a subscribe.
   */
  private assertReadable(symbols: readonly string[], principal: Principal): void {
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
