/**
 * CRC-32 as zlib computes it (IEEE 802.3: reflected polynomial 0xEDB88320, initial
 * value and final xor 0xFFFFFFFF), table-driven. Written out rather than taken from
 * `node:zlib` so that `market/` stays free of Node APIs: the client SDK and the
 * browser board verify book checksums with the same code.
 */

const POLYNOMIAL = 0xedb88320;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const utf8 = new TextEncoder();

/** CRC-32 of `bytes`, as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-32 of the UTF-8 encoding of `text`, as an unsigned 32-bit integer. */
export function crc32Utf8(text: string): number {
  return crc32(utf8.encode(text));
}
