import { ArrayMinSize, IsArray, IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { MAX_THROTTLE_MS } from '../../protocol/messages.js';
import { IsOmittable } from './is-omittable.decorator.js';
import { RequestDto } from './request.dto.js';

/**
 * `subscribe`. Symbol format, count and entitlement are not checked here: they
 * have their own error codes (INVALID_SYMBOL, TOO_MANY_SYMBOLS, ...), not BAD_REQUEST.
 */
export class SubscribeDto extends RequestDto {
  @IsOmittable()
  @IsString()
  channel?: string;

  // With stopAtFirstError the decorator nearest the property is checked first:
  // type before size, so each field reports its most basic problem.
  @IsString({ each: true })
  @ArrayMinSize(1)
  @IsArray()
  symbols!: string[];

  @IsOmittable()
  @Max(MAX_THROTTLE_MS)
  @Min(0)
  @IsInt()
  throttleMs?: number;

  @IsOmittable()
  @IsBoolean()
  snapshot?: boolean;
}
