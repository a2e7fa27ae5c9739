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

  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  symbols!: string[];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_THROTTLE_MS)
  throttleMs?: number;

  @IsOptional()
  @IsBoolean()
  snapshot?: boolean;
}
