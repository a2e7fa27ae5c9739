/**
 * Price-alert bot: prints an alert when a symbol moves more than ALERT_PCT
 * percent within ALERT_WINDOW_MS. Run against a local service with
 * `npm run example:bot`.
 *
 * Environment:
 * - TICKSTREAM_URL  stream endpoint (default ws://localhost:8080/v1/stream)
 * - TICKSTREAM_TOKEN  credentials, when the service requires them
 * - SYMBOLS         comma-separated symbols (default: every listed symbol)
 * - ALERT_PCT       percent move that alerts (default 0.5)
 * - ALERT_WINDOW_MS window of source time, ms (default 60000)
 * - THROTTLE_MS     per-symbol throttle, ms (default 250)
 */
import { WebSocket } from 'ws';
import { startPriceAlertBot } from './price-alert/price-alert-bot.js';

const print = (line: string): void => void process.stdout.write(`${line}\n`);

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`${name} must be a non-negative number, got "${raw}"\n`);
    process.exit(64);
  }
  return value;
}

const symbols = process.env.SYMBOLS?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

try {
  const bot = await startPriceAlertBot({
    url: process.env.TICKSTREAM_URL ?? 'ws://localhost:8080/v1/stream',
    ...(symbols?.length ? { symbols } : {}),
    ...(process.env.TICKSTREAM_TOKEN ? { token: process.env.TICKSTREAM_TOKEN } : {}),
    thresholdPct: numberFromEnv('ALERT_PCT', 0.5),
    windowMs: numberFromEnv('ALERT_WINDOW_MS', 60_000),
    throttleMs: numberFromEnv('THROTTLE_MS', 250),
    print,
    WebSocket,
  });
  const stop = (): void => {
    void bot.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The SDK gives up only on non-retryable closes (or a refused upgrade): then the bot exits.
  bot.client.on('state', (state) => {
    if (state === 'closed') process.exitCode = 1;
  });
} catch (error) {
  process.stderr.write(
    `price-alert-bot: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
