import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { TickSource } from '../../src/ingest/tick-source.js';
import { STREAM_PATH } from '../../src/protocol/messages.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Boots the real application like `startTestApp`, but on a given loopback
 * port (0: any free one), so a test can stop it and start a new process on
 * the same address, as a restart or a deploy does.
 */
export async function startAppOnPort(
  port: number,
  env: Record<string, string> = {},
  tickSource?: TickSource,
): Promise<TestApp & { readonly port: number }> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1', PORT: String(port) });
  const app = await createApp(config, tickSource ? { tickSource } : {});
  await app.listen(port, '127.0.0.1');
  const bound = (app.getHttpServer().address() as AddressInfo).port;
  return {
    app,
    port: bound,
    baseUrl: `http://127.0.0.1:${bound}`,
    wsUrl: `ws://127.0.0.1:${bound}${STREAM_PATH}`,
    close: () => app.close(),
  };
}
