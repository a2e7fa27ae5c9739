import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule, type AppOverrides } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { LOG_LEVELS } from './config/app-config.js';
import { FrameDispatcher } from './gateway/frame-dispatcher.js';
import { ProtocolWsAdapter } from './gateway/protocol-ws.adapter.js';
import { UpgradeGuard } from './gateway/upgrade-guard.js';
import { JsonLogger } from './shared/json-logger.js';

/** Builds the application (not yet listening). Shared by `main.ts` and the e2e tests. */
export async function createApp(
  config: AppConfig,
  overrides: AppOverrides = {},
): Promise<INestApplication> {
  const levels = LOG_LEVELS.slice(LOG_LEVELS.indexOf(config.logLevel));
  const app = await NestFactory.create(AppModule.forRoot(config, overrides), {
    logger: config.logFormat === 'json' ? new JsonLogger(levels) : levels,
    abortOnError: false,
  });
  limitHandshakes(app.getHttpServer() as Server, config.handshakeTimeoutMs);
  app.useWebSocketAdapter(
    new ProtocolWsAdapter(app, app.get(FrameDispatcher), {
      maxPayload: config.maxMessageBytes,
      verifyClient: app.get(UpgradeGuard).verify,
    }),
  );
  return app;
}

/** How often Node looks for connections past their handshake deadline, in ms. */
const HANDSHAKE_CHECK_INTERVAL_MS = 1000;

/**
 * A client that opens a TCP connection and trickles (or never finishes) its
 * request headers holds a socket: Node answers 408 and closes it once
 * `timeoutMs` has passed. Node checks every 30 s by default; this checks every second.
 */
function limitHandshakes(server: Server, timeoutMs: number): void {
  server.headersTimeout = timeoutMs;
  server.requestTimeout = timeoutMs;
  // A public property since Node 18.12, read at listen(); @types/node 20 does not declare it.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    HANDSHAKE_CHECK_INTERVAL_MS;
}
