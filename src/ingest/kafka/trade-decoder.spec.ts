import { decodeTradeRecord } from './trade-decoder.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const GOOD = {
  symbol: 'BTC-USD',
  seq: 1201,
  tradeId: 't-1201',
  ts: NOW - 5,
  price: 66843.76,
  size: 0.012,
  side: 'buy',
};
const decode = (value: unknown, key: string | null = 'BTC-USD') =>
  decodeTradeRecord(
    key === null ? null : Buffer.from(key),
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    NOW,
  );

describe('decodeTradeRecord', () => {
  it('decodes a valid record, ignoring unknown fields, with or without a key', () => {
    expect(decode(GOOD)).toEqual({ ok: true, feed: 'trades', trade: GOOD });
    expect(decode({ ...GOOD, side: 'sell', venue: 'X' }, null)).toEqual({
      ok: true,
      feed: 'trades',
      trade: { ...GOOD, side: 'sell' },
    });
  });

  it.each([
    ['not JSON', '{"symbol":', 'json'],
    ['NaN smuggled in', '{"symbol":"BTC-USD","price":NaN}', 'json'],
    ['an array', [GOOD], 'schema'],
    ['a missing symbol', { ...GOOD, symbol: undefined }, 'schema'],
    ['a lower-case symbol', { ...GOOD, symbol: 'btc-usd' }, 'symbol'],
    ['a missing seq', { ...GOOD, seq: undefined }, 'schema'],
    ['a zero seq', { ...GOOD, seq: 0 }, 'schema'],
    ['a fractional seq', { ...GOOD, seq: 1.5 }, 'schema'],
    ['a numeric tradeId', { ...GOOD, tradeId: 1201 }, 'schema'],
    ['an empty tradeId', { ...GOOD, tradeId: '' }, 'schema'],
    ['a huge tradeId', { ...GOOD, tradeId: 'x'.repeat(65) }, 'schema'],
    ['a string price', { ...GOOD, price: '66843.76' }, 'schema'],
    ['a zero price', { ...GOOD, price: 0 }, 'price'],
    ['a negative price', { ...GOOD, price: -1 }, 'price'],
    ['a missing size', { ...GOOD, size: undefined }, 'schema'],
    ['a zero size', { ...GOOD, size: 0 }, 'size'],
    ['a negative size', { ...GOOD, size: -0.5 }, 'size'],
    ['an unknown side', { ...GOOD, side: 'BUY' }, 'schema'],
    ['a ts in seconds', { ...GOOD, ts: Math.floor(NOW / 1000) }, 'ts_range'],
    ['a ts far in the future', { ...GOOD, ts: NOW + 3_600_000 }, 'ts_range'],
    ['a fractional ts', { ...GOOD, ts: NOW + 0.5 }, 'schema'],
  ])('rejects %s', (_, value, reason) => {
    expect(decode(value)).toMatchObject({ ok: false, reason });
  });

  it('rejects an infinite price, a key that disagrees with the symbol, and a tombstone', () => {
    expect(decode(JSON.stringify(GOOD).replace('66843.76', '1e400'))).toMatchObject({
      reason: 'price',
    });
    expect(decode(JSON.stringify(GOOD).replace('0.012', '1e400'))).toMatchObject({
      reason: 'size',
    });
    expect(decode(GOOD, 'ETH-USD')).toMatchObject({ ok: false, reason: 'key_mismatch' });
    expect(decodeTradeRecord(Buffer.from('BTC-USD'), null, NOW)).toMatchObject({
      ok: false,
      reason: 'json',
    });
  });
});
