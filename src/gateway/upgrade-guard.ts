import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AUTH_CORE,
  clientAddress,
  redactUrl,
  RETRY_AFTER_S,
  type AuthCore,
  type ConnectionLease,
  type Principal,
} from '../auth/index.js';

/** What the upgrade decided about a connection, handed to the gateway. */
export interface Admission {
  readonly principal: Principal;
  readonly lease: ConnectionLease;
}

/** Why an upgrade is refused, and the HTTP status it gets. */
interface Refusal {
  readonly status: number;
  readonly reason: string;
}

/**
 * The client closed its connection before the upgrade was decided. Nobody reads the answer; the
 * reason is counted so a flood of such resets shows in `/metrics`.
 */
const CLIENT_GONE: Refusal = { status: 400, reason: 'client_gone' };

/** `ws`'s `verifyClient` callback. */
export type VerifyDone = (
  result: boolean,
  code?: number,
  message?: string,
  headers?: OutgoingHttpHeaders,
) => void;

/**
 * Decides each WebSocket upgrade before any socket exists: shutting down
 * (503), connection limits (503/429), origin (403), credentials (401). A
 * refused upgrade gets a plain HTTP answer; an admitted one carries its
 * principal and connection lease to the gateway.
 */
@Injectable()
export class UpgradeGuard {
  private readonly logger = new Logger(UpgradeGuard.name);
  private readonly admissions = new WeakMap<IncomingMessage, Admission>();
  private accepting = true;
  /** Refused upgrades by reason. */
  readonly refusals = new Map<string, number>();

  constructor(@Inject(AUTH_CORE) private readonly core: AuthCore) {}

  /** For `ws`'s `verifyClient` (asynchronous form). */
  readonly verify = (info: { req: IncomingMessage }, done: VerifyDone): void => {
    // Read once, while the socket is alive: a destroyed socket has no remote address, and the
    // lease must be given back under the address it was taken for.
    const ip = clientAddress(info.req);
    void this.decide(info.req, ip).then(
      (refusal) => (refusal ? this.refuse(info.req, ip, done, refusal) : done(true)),
      (error: unknown) => {
        this.logger.error(`upgrade check failed: ${String(error)}`);
        this.refuse(info.req, ip, done, { status: 500, reason: 'internal' });
      },
    );
  };

  /** The admission of an upgraded request (set by {@link verify}). */
  admission(request: IncomingMessage): Admission | undefined {
    return this.admissions.get(request);
  }

  /** From now on every upgrade is refused with 503 (graceful shutdown). */
  stopAccepting(): void {
    this.accepting = false;
  }

  private async decide(request: IncomingMessage, ip: string): Promise<Refusal | undefined> {
    if (!this.accepting) return { status: 503, reason: 'shutting_down' };
    if (request.socket.destroyed) return CLIENT_GONE;
    const full = this.core.limiter.precheck(ip);
    if (full) return full;
    const auth = await this.core.authenticator.authenticate(request);
    if (!auth.ok) return auth;
    // The client may have gone while its credential was checked: its socket's `close` has then
    // already been emitted, and a slot taken now would never be given back.
    if (request.socket.destroyed) return CLIENT_GONE;
    const slot = this.core.limiter.acquire(ip, auth.principal);
    if (!slot.ok) return slot;
    // The socket is not destroyed, so its `close` is still to come: however the connection ends
    // (upgrade failed, client gone, closed by the server), that event gives the slot back.
    request.socket.once('close', () => slot.lease.release());
    this.admissions.set(request, { principal: auth.principal, lease: slot.lease });
    return undefined;
  }

  private refuse(
    request: IncomingMessage,
    ip: string,
    done: VerifyDone,
    { status, reason }: Refusal,
  ): void {
    this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
    this.logger.debug(
      `refused upgrade ${redactUrl(request.url ?? '')} from ${ip}: ${status} ${reason}`,
    );
    const headers: OutgoingHttpHeaders = {};
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="tickstream"';
    if (status === 503 || status === 429) headers['Retry-After'] = String(RETRY_AFTER_S);
    done(false, status, reason, headers);
  }
}
