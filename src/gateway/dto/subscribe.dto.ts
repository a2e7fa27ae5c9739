import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
} from 'class-validator';
import { MAX_THROTTLE_MS } from '../../protocol/messages.js';
import { RequestDto } from './request.dto.js';

/**
 * `subscribe`. Symbol format, count and entitlement are not checked here: they
 * have their own error codes (INVALID_SYMBOL, TOO_MANY_SYMBOLS, ...), not BAD_REQUEST.
 */
export class SubscribeDto extends RequestDto {
  @IsOptional()
  @IsString()
  channel?: string;

  // With stopAtFirstError the decorator nearest the property is checked first:
  // type before size, so each field reports its most basic problem.
  @IsString({ each: true })
  @ArrayMinSize(1)
  @IsArray()
  symbols!: string[];

  @IsOptional()
  @Max(MAX_THROTTLE_MS)
  @Min(0)
  @IsInt()
  throttleMs?: number;

  @IsOptional()
  @IsBoolean()
  snapshot?: boolean;
}
