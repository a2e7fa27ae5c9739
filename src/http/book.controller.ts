import { Controller, Get, HttpStatus, Param, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/index.js';
import type { BookDepth, BookEntry } from '../market/book-level.js';
import { BookViewTracker } from '../market/book-view-tracker.js';
import { Channel } from '../protocol/messages.js';
import { BookFeed } from '../stream/channels/book-feed.js';
import { ChannelAccess, unencodedSlash } from './channel-access.js';
import { BookDepthPipe } from './channel-query.pipes.js';
import { QueryParams, QueryParamsGuard } from './query-params.guard.js';
import { RequestPrincipal } from './request-principal.js';
import { RestAuthGuard } from './rest-auth.guard.js';
import { restError, RestErrorCode } from './rest-error.js';
import { SymbolParamPipe } from './symbol-param.pipe.js';

/** The order book of a symbol, as a `book` snapshot entry holds it (checksum included). */
@Controller('v1')
@UseGuards(RestAuthGuard, QueryParamsGuard)
export class BookController {
  constructor(
    private readonly feed: BookFeed,
    private readonly access: ChannelAccess,
  ) {}

  /**
   * The best `depth` levels a side (10, 25 or 100; default 10). A book waiting for
   * its next snapshot record (stale) answers its last consistent state; a symbol
   * with no book yet is 404 `NOT_FOUND`.
   */
  @Get('book/:symbol')
  @QueryParams('depth')
  book(
    @RequestPrincipal() principal: Principal,
    @Param('symbol', SymbolParamPipe) symbol: string,
    @Query('depth', BookDepthPipe) depth: BookDepth,
  ): BookEntry {
    this.access.assertReadable(Channel.BOOK, symbol, principal);
    const book = this.feed.books.get(symbol);
    const entry = book ? new BookViewTracker(book, depth).snapshot() : undefined;
    if (!entry) {
      throw restError(HttpStatus.NOT_FOUND, RestErrorCode.NOT_FOUND, 'No book yet', [symbol]);
    }
    return entry;
  }

  @Get('book/*rest')
  unencodedSlash(): never {
    return unencodedSlash('book');
  }
}
