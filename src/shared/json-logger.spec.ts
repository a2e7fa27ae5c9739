import { JsonLogger } from './json-logger.js';

describe('JsonLogger', () => {
  const capture = (
    levels: ConstructorParameters<typeof JsonLogger>[0] = ['log', 'warn', 'error'],
  ) => {
    const lines: string[] = [];
    const logger = new JsonLogger(
      levels,
      (line) => lines.push(line),
      () => Date.UTC(2026, 10, 22, 12),
    );
    return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it('writes one JSON object per line with time, level, context and message', () => {
    const { logger, entries } = capture();
    logger.log('listening', 'tickstream');
    logger.warn('paused consumption', 'KafkaTickSource');
    expect(entries()).toEqual([
      { time: '2026-11-22T12:00:00.000Z', level: 'info', context: 'tickstream', msg: 'listening' },
      {
        time: '2026-11-22T12:00:00.000Z',
        level: 'warn',
        context: 'KafkaTickSource',
        msg: 'paused consumption',
      },
    ]);
  });

  it('keeps the stack of errors', () => {
    const { logger, entries } = capture();
    logger.error('handler failed', 'Error: boom\n    at x', 'FrameDispatcher');
    expect(entries()[0]).toMatchObject({
      level: 'error',
      context: 'FrameDispatcher',
      stack: 'Error: boom\n    at x',
    });
  });

  it('drops levels that are not enabled', () => {
    const { logger, entries } = capture(['warn', 'error']);
    logger.log('chatty');
    logger.debug('chattier');
    expect(entries()).toEqual([]);
  });
});
