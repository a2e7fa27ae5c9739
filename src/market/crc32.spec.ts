import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { crc32, crc32Utf8 } from './crc32.js';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32Utf8('123456789')).toBe(0xcbf43926);
  });

  it('matches the protocol test vectors', () => {
    expect(crc32Utf8('101.50:2.000,101.60:1.000|101.40:3.000')).toBe(3419162938);
    expect(crc32Utf8('|')).toBe(2343686810);
  });

  it('is 0 for no bytes', () => {
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('hashes the UTF-8 bytes of the text', () => {
    expect(crc32Utf8('€')).toBe(crc32(new Uint8Array([0xe2, 0x82, 0xac])));
  });

  it("agrees with zlib's crc32 on any text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const value = crc32Utf8(text);
        expect(value).toBe(zlibCrc32(Buffer.from(text, 'utf8')));
        expect(value).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
