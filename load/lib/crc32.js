// CRC-32 (IEEE 802.3, as zlib's crc32), unsigned, of a string's UTF-8 bytes: a plain-JS MIRROR
// of src/market/crc32.ts for the k6 scripts, which cannot import TypeScript. No k6 imports, so
// Node (Jest) can import it too; test/load-book-mirror.e2e-spec.ts checks it against src/market.

const POLYNOMIAL = 0xedb88320;

const TABLE = (() => {
  const table = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    table.push(c >>> 0);
  }
  return table;
})();

/** CRC-32 of the UTF-8 encoding of `text`, as an unsigned 32-bit integer. */
export function crc32Utf8(text) {
  let crc = 0xffffffff;
  const add = (byte) => {
    crc = TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  };
  // UTF-8 by hand: k6 has no TextEncoder. Book checksums are ASCII, but any text works.
  for (let i = 0; i < text.length; i++) {
    let code = text.codePointAt(i);
    if (code > 0xffff) i++; // a surrogate pair: one code point, two UTF-16 units
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate, as TextEncoder does
    if (code < 0x80) {
      add(code);
    } else if (code < 0x800) {
      add(0xc0 | (code >> 6));
      add(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      add(0xe0 | (code >> 12));
      add(0x80 | ((code >> 6) & 0x3f));
      add(0x80 | (code & 0x3f));
    } else {
      add(0xf0 | (code >> 18));
      add(0x80 | ((code >> 12) & 0x3f));
      add(0x80 | ((code >> 6) & 0x3f));
      add(0x80 | (code & 0x3f));
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}
