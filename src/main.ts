import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import type { AppConfig } from './config/app-config.js';

/** Exit status for bad configuration (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`tickstream: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const app = await createApp(config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.port, config.host);
  new Logger('tickstream').log(
    `listening on http://${config.host}:${config.port} (WebSocket: /v1/stream)`,
  );
}

void bootstrap();
