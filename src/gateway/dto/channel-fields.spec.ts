import type { ArgumentMetadata } from '@nestjs/common';
import { protocolValidationPipe } from '../protocol-validation.pipe.js';
import { ProtocolError } from '../protocol-error.js';
import { requestChannel } from './request-channel.js';
import { SubscribeDto } from './subscribe.dto.js';
import { UnsubscribeDto } from './unsubscribe.dto.js';

const pipe = protocolValidationPipe();
const subscribe: ArgumentMetadata = { type: 'body', metatype: SubscribeDto };
const unsubscribe: ArgumentMetadata = { type: 'body', metatype: UnsubscribeDto };

/** The fields a request is refused for (BAD_REQUEST), or [] when it passes. */
async function problems(request: Record<string, unknown>, metadata = subscribe): Promise<string[]> {
  try {
    await pipe.transform(JSON.parse(JSON.stringify(request)), metadata);
    return [];
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return (error.extra.details ?? []).map((d) => ('field' in d ? d.field : d.symbol));
  }
}

describe('channel field rules of subscribe and unsubscribe', () => {
  it('resolves the channel a request names; other values are no channel of the protocol', () => {
    expect(requestChannel({})).toBe('ticker');
    expect(requestChannel({ channel: 'book' })).toBe('book');
    expect(requestChannel({ channel: 'quotes' })).toBeUndefined();
    expect(requestChannel({ channel: null })).toBeUndefined();
    expect(requestChannel({ channel: ['book'] })).toBeUndefined();
  });

  it('accepts each channel with its own fields', async () => {
    const symbols = ['AAPL'];
    expect(await problems({ op: 'subscribe', symbols, throttleMs: 100 })).toEqual([]);
    expect(
      await problems({ op: 'subscribe', channel: 'trades', symbols, since: { AAPL: 7 } }),
    ).toEqual([]);
    expect(
      await problems({ op: 'subscribe', channel: 'candles', symbols, interval: '5m', history: 0 }),
    ).toEqual([]);
    expect(await problems({ op: 'subscribe', channel: 'book', symbols, depth: 100 })).toEqual([]);
    expect(
      await problems(
        { op: 'unsubscribe', channel: 'candles', symbols, interval: '1d' },
        unsubscribe,
      ),
    ).toEqual([]);
  });

  it('refuses fields another channel takes, and reports every problem at once', async () => {
    expect(
      await problems({
        op: 'subscribe',
        symbols: ['AAPL'],
        interval: '1m',
        history: 3,
        depth: 10,
        since: {},
      }),
    ).toEqual(['interval', 'history', 'depth', 'since']);
    expect(
      await problems({ op: 'subscribe', channel: 'trades', symbols: ['*'], throttleMs: 1 }),
    ).toEqual(['symbols', 'throttleMs']);
  });

  it('refuses a since key named like a prototype property, which the pipe would strip', async () => {
    const request =
      '{"op":"subscribe","channel":"trades","symbols":["AAPL"],"since":{"AAPL":1,"constructor":2}}';
    await expect(pipe.transform(JSON.parse(request), subscribe)).rejects.toMatchObject({
      extra: {
        details: [{ field: 'since', problem: 'since must not have a key named constructor' }],
      },
    });
  });

  it('leaves channel rules to UNKNOWN_CHANNEL when the channel is none of the protocol', async () => {
    expect(
      await problems({ op: 'subscribe', channel: 'quotes', symbols: ['*'], interval: '1m' }),
    ).toEqual([]);
  });
});
