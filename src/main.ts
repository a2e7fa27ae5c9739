import { Logger, type INestApplication } from '@nestjs/common';
import { createApp } from './app.factory.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';

/** Exit status for bad configuration (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;
/** Exit status when a graceful shutdown overran `SHUTDOWN_TIMEOUT_MS`. */
const EXIT_SHUTDOWN_TIMEOUT = 1;

const logger = new Logger('tickstream');

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`tickstream: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

/**
 * SIGTERM/SIGINT: readiness turns false, clients get 1001, the source
 * disconnects, then the process exits 0 — or 1 if that overruns the timeout.
 */
function handleSignals(app: INestApplication, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(EXIT_SHUTDOWN_TIMEOUT);
    }, timeoutMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(EXIT_SHUTDOWN_TIMEOUT);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const app = await createApp(config);
  handleSignals(app, config.shutdownTimeoutMs);
  await app.listen(config.port, config.host);
  logger.log(`listening on http://${config.host}:${config.port} (WebSocket: /v1/stream)`);
}

void bootstrap();
