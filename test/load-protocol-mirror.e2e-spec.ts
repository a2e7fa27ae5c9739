import * as mirror from '../load/lib/protocol.js';
import { SYMBOL_PATTERN, WILDCARD_SYMBOL } from '../src/market/symbol.js';
import {
  Channel,
  CloseCode,
  ErrorCode,
  MAX_THROTTLE_MS,
  Op,
  PROTOCOL_VERSION,
  RETRYABLE_CLOSE_CODES,
  STREAM_PATH,
  TICKER_CHANNEL,
} from '../src/protocol/index.js';

/**
 * k6 cannot import the TypeScript protocol module, so load/lib/protocol.js
 * mirrors it; this keeps the two copies of the contract from drifting apart.
 */
describe('load/lib/protocol.js mirrors src/protocol', () => {
  it('has the same constants', () => {
    expect(mirror.PROTOCOL_VERSION).toBe(PROTOCOL_VERSION);
    expect(mirror.STREAM_PATH).toBe(STREAM_PATH);
    expect(mirror.TICKER_CHANNEL).toBe(TICKER_CHANNEL);
    expect(mirror.MAX_THROTTLE_MS).toBe(MAX_THROTTLE_MS);
    expect({ ...mirror.Channel }).toEqual({ ...Channel });
    expect({ ...mirror.Op }).toEqual({ ...Op });
    expect({ ...mirror.ErrorCode }).toEqual({ ...ErrorCode });
    expect({ ...mirror.CloseCode }).toEqual({ ...CloseCode });
    expect([...mirror.RETRYABLE_CLOSE_CODES].sort()).toEqual([...RETRYABLE_CLOSE_CODES].sort());
    expect(mirror.SYMBOL_PATTERN.source).toBe(SYMBOL_PATTERN.source);
    expect(mirror.WILDCARD_SYMBOL).toBe(WILDCARD_SYMBOL);
  });
});
