import { IsIn, IsOptional } from 'class-validator';
import { Op, type RequestId } from '../../protocol/messages.js';
import { IsRequestId } from './is-request-id.decorator.js';

/** Fields every request has. `op` is checked again here so a DTO never accepts another op's frame. */
export abstract class RequestDto {
  @IsIn(Object.values(Op))
  op!: string;

  @IsOptional()
  @IsRequestId()
  id?: RequestId;
}

/** `{"op":"list"}` and `{"op":"ping"}`: no fields besides `op` and `id`. */
export class BareRequestDto extends RequestDto {}
