import { ArrayMinSize, IsArray, IsIn, IsString } from 'class-validator';
import { CANDLE_INTERVALS } from '../../market/candle.js';
import { Channel } from '../../protocol/messages.js';
import { OnlyOnChannels, WildcardOnlyOnTicker } from './channel-field.decorator.js';
import { IsOmittable } from './is-omittable.decorator.js';
import { RequestDto } from './request.dto.js';

/** `unsubscribe`. */
export class UnsubscribeDto extends RequestDto {
  @IsOmittable()
  @IsString()
  channel?: string;

  @WildcardOnlyOnTicker()
  @IsString({ each: true })
  @ArrayMinSize(1)
  @IsArray()
  symbols!: string[];

  /** `candles`: drop this interval only; without it, every interval of the symbols. */
  @IsOmittable()
  @IsIn(CANDLE_INTERVALS)
  @IsString()
  @OnlyOnChannels(Channel.CANDLES)
  interval?: string;
}
