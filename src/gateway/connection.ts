import type { WebSocket } from 'ws';
import type { ErrorCode } from '../protocol/error-codes.js';
import type { ErrorMessage, RequestId, ServerMessage } from '../protocol/messages.js';
import type { ClientSession } from '../stream/client-session.js';
import type { StreamStats } from '../stream/stream-stats.js';
import type { Entitlements } from '../auth/index.js';
import type { Pingable } from './ping-rounds.js';
import type { RequestRateLimiter } from './request-rate-limiter.js';

/** What the upgrade granted a connection. */
export interface ConnectionGrant {
  /** Who connected: an API key id, a token subject, or `anonymous`. Safe to log. */
  readonly principalId: string;
  readonly entitlements: Entitlements;
  /** Symbols this connection may hold (the server cap, narrowed by the credential's). */
  readonly maxSymbols: number;
  /** When the connection must be closed (credential expiry or lifetime limit), and how. */
  readonly closeAt?: { readonly at: number; readonly code: number; readonly reason: string };
}

/** Everything the gateway keeps about one open WebSocket. */
export class Connection implements Pingable {
  /** Cleared when a keep-alive ping is sent, set again by any pong. */
  alive = true;
  /** When the last keep-alive ping was sent (ms). */
  pingedAt = 0;

  constructor(
    readonly socket: WebSocket,
    readonly session: ClientSession,
    readonly limiter: RequestRateLimiter,
    readonly grant: ConnectionGrant,
    private readonly stats: StreamStats,
  ) {}

  get id(): string {
    return this.session.id;
  }

  /** The keep-alive ping, written by the session so it also acknowledges bytes. */
  ping(): void {
    this.session.sendPing();
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** Sends a control message (reply, error) right away. */
  send(message: ServerMessage): void {
    this.session.sendControl(JSON.stringify(message));
  }

  sendError(
    id: RequestId | undefined,
    code: ErrorCode,
    message: string,
    extra: Pick<ErrorMessage, 'symbols' | 'details'> = {},
  ): void {
    this.stats.countError(code);
    this.send({ type: 'error', ...(id === undefined ? {} : { id }), code, message, ...extra });
  }
}
