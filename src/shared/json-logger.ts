import type { LoggerService, LogLevel } from '@nestjs/common';

/** Where log lines go; stdout by default. */
export type LineWriter = (line: string) => void;

const LEVEL_NAMES: Record<LogLevel, string> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/**
 * Structured logs: one JSON object per line (`time`, `level`, `context`, `msg`,
 * and `stack` for errors), so a log pipeline can index them. Messages are
 * written by the service's own code, which never includes request bodies or
 * credentials (upgrade URLs are redacted before they are logged).
 */
export class JsonLogger implements LoggerService {
  private readonly enabled: ReadonlySet<LogLevel>;

  constructor(
    levels: readonly LogLevel[],
    private readonly write: LineWriter = (line) => process.stdout.write(line),
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = new Set(levels);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }

  /** Nest calls `error(message, stack?, context?)`. */
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }

  private emit(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest appends the context (the Logger's name) as the last string parameter.
    const context =
      typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    const entry: Record<string, unknown> = {
      time: new Date(this.now()).toISOString(),
      level: LEVEL_NAMES[level],
      ...(context ? { context } : {}),
      msg:
        message instanceof Error
          ? message.message
          : typeof message === 'string'
            ? message
            : JSON.stringify(message),
      ...(stack
        ? { stack }
        : message instanceof Error && message.stack
          ? { stack: message.stack }
          : {}),
    };
    this.write(`${JSON.stringify(entry)}\n`);
  }
}
