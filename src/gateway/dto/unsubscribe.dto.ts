import { ArrayMinSize, IsArray, IsString } from 'class-validator';
import { IsOmittable } from './is-omittable.decorator.js';
import { RequestDto } from './request.dto.js';

/** `unsubscribe`. */
export class UnsubscribeDto extends RequestDto {
  @IsOmittable()
  @IsString()
  channel?: string;

  @IsString({ each: true })
  @ArrayMinSize(1)
  @IsArray()
  symbols!: string[];
}
