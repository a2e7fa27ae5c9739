import { Logger, type INestApplicationContext } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { WsAdapter } from '@nestjs/platform-ws';
import type { Observable } from 'rxjs';
import type { WebSocket, WebSocketServer as WsServer } from 'ws';
import type { FrameDispatcher } from './frame-dispatcher.js';
import type { UpgradeGuard } from './upgrade-guard.js';

/** Options the gateway needs from configuration at socket-server creation. */
export interface ProtocolWsAdapterOptions {
  /** Largest accepted client frame; `ws` closes with 1009 above it. */
  readonly maxPayload: number;
  /** Decides each upgrade before a socket exists (auth, origin, limits). */
  readonly verifyClient: UpgradeGuard['verify'];
}

/**
 * Nest's `ws` adapter with the protocol's own frame handling: the stock one
 * routes `{event, data}` frames and drops bad ones silently, while protocol v1
 * routes on `op` and answers every bad frame with an error.
 */
export class ProtocolWsAdapter extends WsAdapter {
  private readonly clientLogger = new Logger(ProtocolWsAdapter.name);

  constructor(
    app: INestApplicationContext,
    private readonly dispatcher: FrameDispatcher,
    private readonly socketOptions: ProtocolWsAdapterOptions,
  ) {
    super(app);
  }

  override create(
    port: number,
    options: Record<string, unknown> & { path?: string } = {},
  ): unknown {
    return super.create(port, {
      ...options,
      maxPayload: this.socketOptions.maxPayload,
      verifyClient: this.socketOptions.verifyClient,
      // Compression costs CPU per client per frame; market data is sent uncompressed.
      perMessageDeflate: false,
    } as Parameters<WsAdapter['create']>[1]);
  }

  /**
   * A client's protocol violation (oversized or malformed frame) is the
   * client's problem: `ws` already closes it with the right code, so it is
   * logged at debug level, not as a server error a client could flood the log with.
   */
  override bindErrorHandler(server: WsServer): WsServer {
    server.on('connection', (socket: WebSocket) =>
      socket.on('error', (error: Error) =>
        this.clientLogger.debug(`client socket error: ${error.message}`),
      ),
    );
    server.on('error', (error: Error) =>
      this.clientLogger.error(`WebSocket server error: ${error.message}`),
    );
    return server;
  }

  override bindMessageHandlers(
    client: WebSocket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    this.dispatcher.bind(client, handlers, transform);
  }
}
