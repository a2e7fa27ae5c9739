import 'reflect-metadata';
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
  app.useWebSocketAdapter(
    new ProtocolWsAdapter(app, app.get(FrameDispatcher), {
      maxPayload: config.maxMessageBytes,
      verifyClient: app.get(UpgradeGuard).verify,
    }),
  );
  return app;
}
