import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/index.js';

/** Principals of requests in flight, set by `RestAuthGuard`; gone with the request. */
const principals = new WeakMap<IncomingMessage, Principal>();

/** Records who made `request` (called by `RestAuthGuard` once the credential is verified). */
export function attachPrincipal(request: IncomingMessage, principal: Principal): void {
  principals.set(request, principal);
}

/**
 * The principal of `request`. Throws when no guard decided it: a route that
 * reads a principal without `RestAuthGuard` is a programming error, and
 * answering it as anyone would hand out data unchecked.
 */
export function principalOf(request: IncomingMessage): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error('no principal: the route is not behind RestAuthGuard');
  return principal;
}

/** Parameter decorator: the request's {@link Principal}, as decided by `RestAuthGuard`. */
export const RequestPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    principalOf(context.switchToHttp().getRequest<IncomingMessage>()),
);
