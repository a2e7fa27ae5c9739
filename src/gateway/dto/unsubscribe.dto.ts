import { ArrayMinSize, IsArray, IsOptional, IsString } from 'class-validator';
import { RequestDto } from './request.dto.js';

/** `unsubscribe`. */
export class UnsubscribeDto extends RequestDto {
  @IsOptional()
  @IsString()
  channel?: string;

  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  symbols!: string[];
}
