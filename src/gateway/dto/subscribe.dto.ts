import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { BOOK_DEPTHS } from '../../market/book-level.js';
import { CANDLE_INTERVALS, MAX_CANDLE_SNAPSHOT_BARS } from '../../market/candle.js';
import { Channel, MAX_THROTTLE_MS } from '../../protocol/messages.js';
import {
  OnlyOnChannels,
  RequiredOnChannel,
  WildcardOnlyOnTicker,
  ZeroOnChannel,
} from './channel-field.decorator.js';
import { IsOmittable } from './is-omittable.decorator.js';
import { RequestDto } from './request.dto.js';
import { IsSince } from './since.decorator.js';

/**
 * `subscribe`. Symbol format, count and entitlement are not checked here: they
 * have their own error codes (INVALID_SYMBOL, TOO_MANY_SYMBOLS, ...), not BAD_REQUEST.
 * Fields another channel takes are BAD_REQUEST on this one (docs/protocol.md).
 */
export class SubscribeDto extends RequestDto {
  @IsOmittable()
  @IsString()
  channel?: string;

  // With stopAtFirstError the decorator nearest the property is checked first:
  // type before size, so each field reports its most basic problem.
  @WildcardOnlyOnTicker()
  @IsString({ each: true })
  @ArrayMinSize(1)
  @IsArray()
  symbols!: string[];

  @IsOmittable()
  @ZeroOnChannel(Channel.TRADES)
  @Max(MAX_THROTTLE_MS)
  @Min(0)
  @IsInt()
  throttleMs?: number;

  @IsOmittable()
  @IsBoolean()
  snapshot?: boolean;

  /** `candles` (required there): the bar interval. */
  @RequiredOnChannel(Channel.CANDLES, `one of ${CANDLE_INTERVALS.join(', ')}`)
  @IsIn(CANDLE_INTERVALS)
  @IsString()
  @OnlyOnChannels(Channel.CANDLES)
  interval?: string;

  /** `candles`: closed bars in the snapshot. */
  @IsOmittable()
  @Max(MAX_CANDLE_SNAPSHOT_BARS)
  @Min(0)
  @IsInt()
  @OnlyOnChannels(Channel.CANDLES)
  history?: number;

  /** `book`: levels a side. */
  @IsOmittable()
  @IsIn(BOOK_DEPTHS)
  @IsInt()
  @OnlyOnChannels(Channel.BOOK)
  depth?: number;

  /** `trades`: symbol → the last trade `seq` the client has. */
  @IsOmittable()
  @IsSince()
  @OnlyOnChannels(Channel.TRADES)
  since?: Record<string, number>;
}
