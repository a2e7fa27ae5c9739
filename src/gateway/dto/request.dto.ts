import { IsIn } from 'class-validator';
import { Op, type RequestId } from '../../protocol/messages.js';
import { IsOmittable } from './is-omittable.decorator.js';
import { IsRequestId } from './is-request-id.decorator.js';

/** Fields every request has. `op` is checked again here so a DTO never accepts another op's frame. */
export abstract class RequestDto {
  @IsIn(Object.values(Op))
  op!: string;

  // Not @IsOptional(): that would also let `"id": null` through, to be echoed back.
  @IsOmittable()
  @IsRequestId()
  id?: RequestId;
}

/** `{"op":"list"}` and `{"op":"ping"}`: no fields besides `op` and `id`. */
export class BareRequestDto extends RequestDto {}
