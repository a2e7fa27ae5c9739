#!/usr/bin/env node
// Start a local Kafka broker that outlives this command (stop it with down.mjs).
// Prints `KAFKA_BROKERS=127.0.0.1:<port>` on stdout; progress goes to stderr.
// Env: KAFKA_VERSION (Kafka release), KAFKA_PORT (fixed broker port instead of a free one).
import { join } from 'node:path';
import { CACHE_ROOT, DEFAULT_KAFKA_VERSION, isKafkaBrokerProcess, startLocalBroker } from './broker.mjs';
import { readState, writeState } from './state.mjs';

/** Fixed so `tail -f .cache/kafka/up/logs/server.log` works; each start truncates it. */
const UP_LOG_DIR = join(CACHE_ROOT, 'up', 'logs');

async function main() {
  const wanted = process.env.KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
  const running = readState();
  if (running && isKafkaBrokerProcess(running.pid)) {
    if (running.version !== wanted) {
      process.stderr.write(`[kafka] note: Kafka ${running.version} is already running (wanted ${wanted}); run kafka:down first to switch\n`);
    }
    process.stdout.write(`KAFKA_BROKERS=${running.bootstrap}\n`);
    return;
  }

  const port = parsePort(process.env.KAFKA_PORT);
  const broker = await startLocalBroker({ version: wanted, port, logDir: UP_LOG_DIR, detached: true });
  writeState({
    pid: broker.pid, bootstrap: broker.bootstrap, version: broker.version,
    dataDir: broker.dataDir, logFile: broker.logFile, startedAt: new Date().toISOString(),
  });
  process.stderr.write(`[kafka] broker pid ${broker.pid}, logs in ${UP_LOG_DIR}; stop with: node tools/kafka/down.mjs\n`);
  process.stdout.write(`KAFKA_BROKERS=${broker.bootstrap}\n`);
}

function parsePort(value) {
  if (!value) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`KAFKA_PORT must be a port number, got '${value}'`);
  return port;
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
