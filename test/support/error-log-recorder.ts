import { Logger } from '@nestjs/common';

/** Error- and fatal-level log calls made through Nest's `Logger`, for asserting there were none. */
export interface ErrorLogRecorder {
  /** The first argument (the message) of each call, in order. */
  readonly messages: readonly string[];
  /** Puts the original methods back. */
  restore(): void;
}

/**
 * Records every `Logger#error` / `Logger#fatal` call of the application in
 * this process, whatever `LOG_LEVEL` filters out of the output: a hostile frame
 * must not be able to produce a stack trace even when nobody would see it.
 * Calls still reach the real logger.
 */
export function recordErrorLogs(): ErrorLogRecorder {
  const messages: string[] = [];
  const prototype = Logger.prototype;
  const originals = { error: prototype.error, fatal: prototype.fatal };
  for (const level of ['error', 'fatal'] as const) {
    const original = originals[level];
    prototype[level] = function (this: Logger, message: unknown, ...rest: unknown[]): void {
      messages.push(String(message));
      original.call(this, message, ...rest);
    };
  }
  return {
    messages,
    restore: () => Object.assign(prototype, originals),
  };
}
