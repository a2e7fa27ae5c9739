import { BookDecoder } from './book-decoder.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const SNAPSHOT = {
  symbol: 'XYZ',
  seq: 88121,
  ts: NOW - 5,
  type: 'snapshot',
  bids: [['101.40', '3.000']],
  asks: [
    ['101.50', '2.000'],
    ['101.60', '1.000'],
  ],
};
const DELTA = { ...SNAPSHOT, seq: 88122, type: 'delta', bids: [['101.40', '0']], asks: [] };
const encode = (value: unknown): Buffer =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('BookDecoder', () => {
  const decode = (decoder: BookDecoder, value: unknown, key: string | null = 'XYZ') =>
    decoder.decode(key === null ? null : Buffer.from(key), encode(value), NOW);

  it('decodes snapshot and delta records, mapping `type` to `kind`', () => {
    const decoder = new BookDecoder();
    expect(decode(decoder, SNAPSHOT)).toEqual({
      ok: true,
      feed: 'book',
      record: {
        symbol: 'XYZ',
        kind: 'snapshot',
        seq: 88121,
        ts: NOW - 5,
        bids: SNAPSHOT.bids,
        asks: SNAPSHOT.asks,
      },
    });
    // A zero quantity removes a level in any form, whatever the symbol's decimals.
    expect(decode(decoder, DELTA, null)).toMatchObject({
      ok: true,
      record: { kind: 'delta', seq: 88122, bids: [['101.40', '0']], asks: [] },
    });
  });

  it.each([
    ['not JSON', '{"symbol":', 'json'],
    ['an array', [SNAPSHOT], 'schema'],
    ['a lower-case symbol', { ...SNAPSHOT, symbol: 'xyz' }, 'symbol'],
    ['a missing seq', { ...SNAPSHOT, seq: undefined }, 'schema'],
    ['a negative seq', { ...SNAPSHOT, seq: -1 }, 'schema'],
    ['a ts in seconds', { ...SNAPSHOT, ts: Math.floor(NOW / 1000) }, 'ts_range'],
    ['a string ts', { ...SNAPSHOT, ts: String(NOW) }, 'schema'],
    ['an unknown type', { ...SNAPSHOT, type: 'update' }, 'schema'],
    ['`kind` instead of `type`', { ...SNAPSHOT, type: undefined, kind: 'snapshot' }, 'schema'],
    ['missing asks', { ...SNAPSHOT, asks: undefined }, 'schema'],
    ['a level that is not a pair', { ...SNAPSHOT, bids: [['101.40', '3.000', 'x']] }, 'schema'],
    ['a numeric price', { ...SNAPSHOT, bids: [[101.4, '3.000']] }, 'schema'],
    ['an object level', { ...SNAPSHOT, asks: [{ price: '101.50', qty: '2.000' }] }, 'schema'],
    ['a price with an exponent', { ...SNAPSHOT, bids: [['1.014e2', '3.000']] }, 'format'],
    ['a negative quantity', { ...SNAPSHOT, bids: [['101.40', '-3.000']] }, 'format'],
    ['a leading zero', { ...SNAPSHOT, asks: [['0101.50', '2.000']] }, 'format'],
    ['mixed price decimals', { ...SNAPSHOT, asks: [['101.5', '2.000']] }, 'decimals'],
  ])('rejects %s', (_, value, reason) => {
    expect(decode(new BookDecoder(), value)).toMatchObject({ ok: false, reason });
  });

  it('rejects a key that disagrees with the symbol, and a tombstone', () => {
    const decoder = new BookDecoder();
    expect(decode(decoder, SNAPSHOT, 'ABC')).toMatchObject({ reason: 'key_mismatch' });
    expect(decoder.decode(Buffer.from('XYZ'), null, NOW)).toMatchObject({ reason: 'json' });
  });

  it("keeps each symbol's decimals fixed by its first accepted record", () => {
    const decoder = new BookDecoder();
    expect(decode(decoder, SNAPSHOT)).toMatchObject({ ok: true });
    const morePriceDecimals = { ...DELTA, bids: [['101.405', '1.000']] };
    const fewerQtyDecimals = { ...DELTA, asks: [['101.50', '2.5']] };
    expect(decode(decoder, morePriceDecimals)).toMatchObject({ ok: false, reason: 'decimals' });
    expect(decode(decoder, fewerQtyDecimals)).toMatchObject({ ok: false, reason: 'decimals' });
    // A refused record changes nothing; the symbol's decimals hold, another symbol has its own.
    expect(decode(decoder, { ...DELTA, asks: [['101.70', '4.000']] })).toMatchObject({ ok: true });
    const other = { ...SNAPSHOT, symbol: 'ABC', bids: [['7.1', '5']], asks: [['7.2', '6']] };
    expect(decode(decoder, other, 'ABC')).toMatchObject({ ok: true });
    expect(decode(decoder, { ...SNAPSHOT, seq: 90000 })).toMatchObject({ ok: true });
  });
});
