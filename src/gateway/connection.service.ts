import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { WebSocket } from 'ws';
import {
  anonymousPrincipal,
  connectionDeadline,
  effectiveMaxSymbols,
  type Principal,
} from '../auth/index.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { CloseCode } from '../protocol/close-codes.js';
import { PROTOCOL_VERSION } from '../protocol/messages.js';
import { CLOCK, type Clock, type TimerHandle } from '../shared/clock.js';
import { ClientSession, type SessionOptions } from '../stream/client-session.js';
import { FanOutHub } from '../stream/fan-out-hub.js';
import { StreamStats } from '../stream/stream-stats.js';
import { ChannelSubscriptions } from './channel-subscriptions.service.js';
import { Connection, type ConnectionGrant } from './connection.js';
import { ConnectionRegistry } from './connection-registry.js';
import { RequestRateLimiter } from './request-rate-limiter.js';
import { ServedChannels } from './served-channels.js';
import { UpgradeGuard } from './upgrade-guard.js';

/** How long shutdown waits for clients to answer the 1001 close, in ms. */
export const CLOSE_HANDSHAKE_WAIT_MS = 2000;

/** Opens and closes connections: session state, welcome, and the 1001 on shutdown. */
@Injectable()
export class ConnectionService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ConnectionService.name);
  private readonly sessionOptions: SessionOptions;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: ConnectionRegistry,
    private readonly hub: FanOutHub,
    private readonly stats: StreamStats,
    private readonly guard: UpgradeGuard,
    private readonly served: ServedChannels,
    private readonly channels: ChannelSubscriptions,
  ) {
    this.sessionOptions = {
      heartbeatMs: config.heartbeatMs,
      highWaterBytes: config.slowConsumerHighWaterBytes,
      maxBytes: config.slowConsumerMaxBytes,
      graceMs: config.slowConsumerGraceMs,
      windowBytes: config.slowConsumerWindowBytes,
    };
  }

  open(socket: WebSocket, request: IncomingMessage): Connection {
    const now = this.clock.now();
    const principal =
      this.guard.admission(request)?.principal ??
      anonymousPrincipal(this.config.allowAnonymousWildcard);
    const grant = this.grantFor(principal, now);
    const session = new ClientSession(
      randomUUID(),
      socket,
      this.clock,
      this.sessionOptions,
      this.stats,
      // After the upgrade `ws` writes to the request's socket: corking it batches a turn's frames.
      request.socket,
    );
    const limiter = new RequestRateLimiter(
      this.config.maxRequestsPerSecond,
      this.config.rateLimitMaxStrikes,
      now,
    );
    const connection = new Connection(socket, session, limiter, grant, this.stats);
    this.registry.add(connection);
    // Any pong proves liveness; one echoing an acknowledgement ping's sequence
    // also acknowledges the bytes written before that ping.
    socket.on('pong', (data: Buffer) => {
      connection.alive = true;
      session.acknowledge(data.toString('latin1'));
    });
    connection.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      sessionId: session.id,
      serverTime: now,
      limits: {
        maxSymbols: grant.maxSymbols,
        minThrottleMs: this.config.minThrottleMs,
        maxMessageBytes: this.config.maxMessageBytes,
        maxRequestsPerSecond: this.config.maxRequestsPerSecond,
      },
      heartbeatMs: this.config.heartbeatMs,
      channels: [...this.served.list],
    });
    this.logger.debug(`connection ${session.id} opened for ${principal.kind}:${principal.id}`);
    return connection;
  }

  close(socket: WebSocket): void {
    const connection = this.registry.remove(socket);
    if (!connection) return;
    this.hub.removeSession(connection.session);
    this.channels.removeSession(connection.session);
    connection.session.release();
  }

  /** Refuses new upgrades, sends 1001 to every client and waits (bounded) for their close handshakes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.guard.stopAccepting();
    const connections = [...this.registry.all()];
    if (connections.length === 0) return;
    this.logger.log(`closing ${connections.length} connections with ${CloseCode.GOING_AWAY}`);
    const closed = connections.map(
      (c) =>
        new Promise<void>((resolve) =>
          c.socket.readyState === c.socket.CLOSED
            ? resolve()
            : c.socket.once('close', () => resolve()),
        ),
    );
    for (const c of connections) c.session.close(CloseCode.GOING_AWAY, 'server shutting down');
    let timer: TimerHandle | undefined;
    await Promise.race([
      Promise.all(closed),
      new Promise<void>(
        (resolve) => (timer = this.clock.setTimeout(resolve, CLOSE_HANDSHAKE_WAIT_MS)),
      ),
    ]);
    if (timer !== undefined) this.clock.clearTimeout(timer);
  }

  private grantFor(principal: Principal, now: number): ConnectionGrant {
    const closeAt = connectionDeadline(principal, now, this.config.auth.maxConnectionLifetimeMs);
    const expires = closeAt !== undefined && closeAt === principal.expiresAt;
    return {
      principalId: `${principal.kind}:${principal.id}`,
      entitlements: principal.entitlements,
      maxSymbols: effectiveMaxSymbols(principal, this.config.maxSymbols),
      ...(closeAt === undefined
        ? {}
        : {
            closeAt: expires
              ? { at: closeAt, code: CloseCode.POLICY_VIOLATION, reason: 'credentials expired' }
              : { at: closeAt, code: CloseCode.GOING_AWAY, reason: 'connection lifetime reached' },
          }),
    };
  }
}
