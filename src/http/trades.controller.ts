import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/index.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { Trade } from '../market/trade.js';
import { Channel } from '../protocol/messages.js';
import { TradeFeed } from '../stream/channels/trade-feed.js';
import { ChannelAccess, unencodedSlash } from './channel-access.js';
import { assertQueryRange, QueryIntegerPipe } from './channel-query.pipes.js';
import { QueryParams, QueryParamsGuard } from './query-params.guard.js';
import { RequestPrincipal } from './request-principal.js';
import { RestAuthGuard } from './rest-auth.guard.js';
import { SymbolParamPipe } from './symbol-param.pipe.js';

/** The latest trades of a symbol, from the retention that `since` resumes from. */
@Controller('v1')
@UseGuards(RestAuthGuard, QueryParamsGuard)
export class TradesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feed: TradeFeed,
    private readonly access: ChannelAccess,
  ) {}

  /** The last `limit` trades (0..`TRADES_HISTORY`, default `TRADES_SNAPSHOT`), oldest first. */
  @Get('trades/:symbol')
  @QueryParams('limit')
  trades(
    @RequestPrincipal() principal: Principal,
    @Param('symbol', SymbolParamPipe) symbol: string,
    @Query('limit', new QueryIntegerPipe('limit')) limit: number | undefined,
  ): { data: Trade[] } {
    const count = limit ?? this.config.tradesSnapshot;
    assertQueryRange('limit', count, 0, this.config.tradesHistory);
    this.access.assertReadable(Channel.TRADES, symbol, principal);
    return { data: this.feed.history.last(symbol, count) };
  }

  @Get('trades/*rest')
  unencodedSlash(): never {
    return unencodedSlash('trades');
  }
}
