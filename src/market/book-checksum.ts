import type { BookLevel } from './book-level.js';
import { crc32Utf8 } from './crc32.js';

/** Levels per side covered by the checksum, whatever the subscription's depth. */
export const BOOK_CHECKSUM_LEVELS = 10;

/**
 * The text a book checksum covers: the best 10 asks, then the best 10 bids (fewer
 * when shallower), each `price:qty` with the exact strings sent, levels joined by
 * `,`, the two sides by `|`. An empty book is `"|"`.
 *
 * @param asks best (lowest) first
 * @param bids best (highest) first
 */
export function bookChecksumText(asks: readonly BookLevel[], bids: readonly BookLevel[]): string {
  return `${side(asks)}|${side(bids)}`;
}

/**
 * CRC-32 (IEEE, as zlib's `crc32`), unsigned, of {@link bookChecksumText}: what a
 * client compares after applying each entry to know its book is intact.
 */
export function bookChecksum(asks: readonly BookLevel[], bids: readonly BookLevel[]): number {
  return crc32Utf8(bookChecksumText(asks, bids));
}

function side(levels: readonly BookLevel[]): string {
  let text = '';
  const n = Math.min(levels.length, BOOK_CHECKSUM_LEVELS);
  for (let i = 0; i < n; i++) {
    const [price, qty] = levels[i] as BookLevel;
    text += i === 0 ? `${price}:${qty}` : `,${price}:${qty}`;
  }
  return text;
}
