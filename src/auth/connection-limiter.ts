import type { IncomingMessage } from 'node:http';
import type { Principal } from './entitlements.js';

/** The connection limits, from `MAX_CONNECTIONS` and `MAX_CONNECTIONS_PER_IP`. */
export interface ConnectionLimits {
  /** Open connections in total. */
  readonly maxConnections: number;
  /** Open connections per client address. */
  readonly maxConnectionsPerIp: number;
}

/** Which limit refused a connection. */
export type LimitReason = 'server_full' | 'ip_limit' | 'principal_limit';

/**
 * HTTP status of a refused upgrade. 503 when the server or the client's
 * address is full (try again later, possibly elsewhere); 429 when the
 * credential's own `maxConnections` is used up — the caller's quota, not the
 * server's capacity, so a client or operator can tell the two apart.
 */
export type LimitStatus = 503 | 429;

/** A refusal: status and reason. */
export interface LimitRefusal {
  readonly ok: false;
  readonly status: LimitStatus;
  readonly reason: LimitReason;
}

/** One admitted connection's hold on the counters. */
export interface ConnectionLease {
  readonly ip: string;
  /** Gives the slot back. Idempotent, so every close path may call it. */
  release(): void;
}

/** Answer of {@link ConnectionLimiter.acquire}. */
export type AcquireResult = { readonly ok: true; readonly lease: ConnectionLease } | LimitRefusal;

/** Current counts, for metrics. */
export interface ConnectionCounts {
  readonly open: number;
  readonly addresses: number;
  readonly limitedPrincipals: number;
}

/**
 * Counts open connections in total, per client address and per principal, and
 * answers whether one more may open. Synchronous: check and count happen in one
 * step, so two upgrades finishing together cannot both take the last slot.
 */
export class ConnectionLimiter {
  private open = 0;
  private readonly perIp = new Map<string, number>();
  private readonly perPrincipal = new Map<string, number>();

  constructor(private readonly limits: ConnectionLimits) {}

  /**
   * A cheap look before spending CPU on verifying credentials: would a
   * connection from `ip` be refused by the total or per-address limit right
   * now? Reserves nothing; {@link acquire} checks again.
   */
  precheck(ip: string): LimitRefusal | undefined {
    if (this.open >= this.limits.maxConnections) return refusal(503, 'server_full');
    if ((this.perIp.get(ip) ?? 0) >= this.limits.maxConnectionsPerIp) {
      return refusal(503, 'ip_limit');
    }
    return undefined;
  }

  /** Takes a slot for an authenticated connection, or says which limit is reached. */
  acquire(ip: string, principal: Principal): AcquireResult {
    const refused = this.precheck(ip);
    if (refused) return refused;
    const max = principal.entitlements.maxConnections;
    // Only principals with their own cap are counted: anonymous clients are bounded per address.
    const key = max === undefined ? undefined : `${principal.kind}:${principal.id}`;
    if (key !== undefined && max !== undefined && (this.perPrincipal.get(key) ?? 0) >= max) {
      return refusal(429, 'principal_limit');
    }

    this.open++;
    increment(this.perIp, ip);
    if (key !== undefined) increment(this.perPrincipal, key);
    let released = false;
    return {
      ok: true,
      lease: {
        ip,
        release: () => {
          if (released) return;
          released = true;
          this.open--;
          decrement(this.perIp, ip);
          if (key !== undefined) decrement(this.perPrincipal, key);
        },
      },
    };
  }

  /** Current counts. */
  counts(): ConnectionCounts {
    return {
      open: this.open,
      addresses: this.perIp.size,
      limitedPrincipals: this.perPrincipal.size,
    };
  }
}

/**
 * The address a per-IP limit counts: the TCP peer, with IPv4-mapped IPv6
 * (`::ffff:10.0.0.1`) folded to IPv4. `X-Forwarded-For` is deliberately not
 * read: any client can set it, so trusting it would let one evade the limit.
 */
export function clientAddress(request: Pick<IncomingMessage, 'socket'>): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function refusal(status: LimitStatus, reason: LimitReason): LimitRefusal {
  return { ok: false, status, reason };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

// Entries at zero are deleted, so the maps hold only addresses that are connected now.
function decrement(counts: Map<string, number>, key: string): void {
  const next = (counts.get(key) ?? 0) - 1;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
