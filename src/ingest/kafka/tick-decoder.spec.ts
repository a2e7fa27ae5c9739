import { decodeTickRecord } from './tick-decoder.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const GOOD = { symbol: 'AAPL', ts: NOW - 5, bid: 189.12, ask: 189.14, last: 189.13, lastSize: 100 };
const decode = (value: unknown, key: string | null = 'AAPL') =>
  decodeTickRecord(
    key === null ? null : Buffer.from(key),
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    NOW,
  );

describe('decodeTickRecord', () => {
  it('decodes a valid record, keeping optional session fields', () => {
    expect(decode(GOOD)).toEqual({ ok: true, feed: 'ticks', tick: GOOD });
    const full = { ...GOOD, volume: 1000, open: 187.5, high: 190, low: 187 };
    expect(decode(full)).toEqual({ ok: true, feed: 'ticks', tick: full });
  });

  it('ignores unknown fields (producers may add some) and accepts a missing key', () => {
    const result = decode({ ...GOOD, venue: 'XNAS' }, null);
    expect(result).toEqual({ ok: true, feed: 'ticks', tick: GOOD });
  });

  it.each([
    ['not JSON', '{"symbol":', 'json'],
    ['an array', [GOOD], 'schema'],
    ['a missing symbol', { ...GOOD, symbol: undefined }, 'schema'],
    ['a lower-case symbol', { ...GOOD, symbol: 'aapl' }, 'symbol'],
    ['a string price', { ...GOOD, bid: '189.12' }, 'schema'],
    ['a negative price', { ...GOOD, last: -1 }, 'price'],
    ['a zero price', { ...GOOD, ask: 0 }, 'price'],
    ['a bad open', { ...GOOD, open: -5 }, 'price'],
    ['a negative size', { ...GOOD, lastSize: -1 }, 'size'],
    ['a bad volume', { ...GOOD, volume: 'lots' }, 'size'],
    ['a ts in seconds', { ...GOOD, ts: Math.floor(NOW / 1000) }, 'ts_range'],
    ['a ts far in the future', { ...GOOD, ts: NOW + 3_600_000 }, 'ts_range'],
    ['a fractional ts', { ...GOOD, ts: NOW + 0.5 }, 'schema'],
  ])('rejects %s', (_, value, reason) => {
    expect(decode(value)).toMatchObject({ ok: false, reason });
  });

  it('rejects NaN and Infinity smuggled as numbers', () => {
    expect(decode('{"symbol":"AAPL","ts":1,"bid":NaN}')).toMatchObject({
      ok: false,
      reason: 'json',
    });
    const infinite = JSON.stringify(GOOD).replace('189.12', '1e400');
    expect(decode(infinite)).toMatchObject({ ok: false, reason: 'price' });
  });

  it('rejects a key that disagrees with the symbol, and a tombstone', () => {
    expect(decode(GOOD, 'MSFT')).toMatchObject({ ok: false, reason: 'key_mismatch' });
    expect(decodeTickRecord(Buffer.from('AAPL'), null, NOW)).toMatchObject({
      ok: false,
      reason: 'json',
    });
  });
});
