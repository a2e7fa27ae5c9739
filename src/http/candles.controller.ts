import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/index.js';
import {
  DEFAULT_CANDLE_SNAPSHOT_BARS,
  MAX_CANDLE_SNAPSHOT_BARS,
  type Candle,
  type CandleInterval,
} from '../market/candle.js';
import { Channel } from '../protocol/messages.js';
import { CandleFeed } from '../stream/channels/candle-feed.js';
import { ChannelAccess, unencodedSlash } from './channel-access.js';
import { assertQueryRange, CandleIntervalPipe, QueryIntegerPipe } from './channel-query.pipes.js';
import { QueryParams, QueryParamsGuard } from './query-params.guard.js';
import { RequestPrincipal } from './request-principal.js';
import { RestAuthGuard } from './rest-auth.guard.js';
import { SymbolParamPipe } from './symbol-param.pipe.js';

/** The bars of a symbol, as a `candles` snapshot holds them. */
@Controller('v1')
@UseGuards(RestAuthGuard, QueryParamsGuard)
export class CandlesController {
  constructor(
    private readonly feed: CandleFeed,
    private readonly access: ChannelAccess,
  ) {}

  /** The last `limit` closed bars (0..1000, default 100), oldest first, then the open bar. */
  @Get('candles/:symbol')
  @QueryParams('interval', 'limit')
  candles(
    @RequestPrincipal() principal: Principal,
    @Param('symbol', SymbolParamPipe) symbol: string,
    @Query('interval', CandleIntervalPipe) interval: CandleInterval,
    @Query('limit', new QueryIntegerPipe('limit')) limit: number | undefined,
  ): { data: Candle[] } {
    const count = limit ?? DEFAULT_CANDLE_SNAPSHOT_BARS;
    assertQueryRange('limit', count, 0, MAX_CANDLE_SNAPSHOT_BARS);
    this.access.assertReadable(Channel.CANDLES, symbol, principal);
    return { data: this.feed.aggregator.snapshot(symbol, interval, count) };
  }

  @Get('candles/*rest')
  unencodedSlash(): never {
    return unencodedSlash('candles');
  }
}
