import { ArrayMinSize, IsArray, IsOptional, IsString } from 'class-validator';
import { RequestDto } from './request.dto.js';

/** `unsubscribe`. */
export class UnsubscribeDto extends RequestDto {
  @IsOptional()
  @IsString()
  channel?: string;

  @IsString({ each: true })
  @ArrayMinSize(1)
  @IsArray()
  symbols!: string[];
}
