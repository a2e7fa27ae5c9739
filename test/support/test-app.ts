import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { TickSource } from '../../src/ingest/tick-source.js';
import { STREAM_PATH } from '../../src/protocol/messages.js';

/** A running service on a free loopback port. */
export interface TestApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

/**
 * Boots the real application (same factory as `main.ts`, configuration
 * validated by the same loader) on 127.0.0.1 and an ephemeral port.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  tickSource?: TickSource,
): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1', PORT: '0' });
  const app = await createApp(config, tickSource ? { tickSource } : {});
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}${STREAM_PATH}`,
    close: () => app.close(),
  };
}
