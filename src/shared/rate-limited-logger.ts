import type { Logger } from '@nestjs/common';
import type { Clock } from './clock.js';

/**
 * Logs a repeating problem at most once per `intervalMs` per key, with the
 * number of occurrences since the last line — a poison-record flood must not
 * become a log flood.
 */
export class RateLimitedLogger {
  private readonly state = new Map<string, { loggedAt: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly intervalMs = 10_000,
  ) {}

  warn(key: string, message: string): void {
    const now = this.clock.now();
    const entry = this.state.get(key);
    if (entry && now - entry.loggedAt < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    const suffix =
      entry && entry.suppressed > 0 ? ` (${entry.suppressed} more since the last report)` : '';
    this.logger.warn(`${message}${suffix}`);
    this.state.set(key, { loggedAt: now, suppressed: 0 });
  }
}
