import { BOOK_CHECKSUM_LEVELS, bookChecksum, bookChecksumText } from './book-checksum.js';
import type { BookLevel } from './book-level.js';

function levels(n: number, from: number, step: number): BookLevel[] {
  return Array.from({ length: n }, (_, i) => [(from + i * step).toFixed(2), '1.000'] as const);
}

describe('bookChecksum', () => {
  it('matches the protocol test vector', () => {
    const asks: BookLevel[] = [
      ['101.50', '2.000'],
      ['101.60', '1.000'],
    ];
    const bids: BookLevel[] = [['101.40', '3.000']];
    expect(bookChecksumText(asks, bids)).toBe('101.50:2.000,101.60:1.000|101.40:3.000');
    expect(bookChecksum(asks, bids)).toBe(3419162938);
  });

  it('matches the empty-book test vector', () => {
    expect(bookChecksumText([], [])).toBe('|');
    expect(bookChecksum([], [])).toBe(2343686810);
  });

  it('covers only the best 10 levels a side', () => {
    const asks = levels(30, 101.5, 0.1);
    const bids = levels(30, 101.4, -0.1);
    expect(BOOK_CHECKSUM_LEVELS).toBe(10);
    expect(bookChecksum(asks, bids)).toBe(bookChecksum(asks.slice(0, 10), bids.slice(0, 10)));
    expect(
      bookChecksumText(asks, bids)
        .split('|')
        .map((s) => s.split(',').length),
    ).toEqual([10, 10]);
  });

  it('keeps the sides apart when one is empty', () => {
    expect(bookChecksumText([['1.0', '2']], [])).toBe('1.0:2|');
    expect(bookChecksumText([], [['1.0', '2']])).toBe('|1.0:2');
  });

  it('uses the strings as sent', () => {
    expect(bookChecksum([['101.5', '2']], [])).not.toBe(bookChecksum([['101.50', '2.000']], []));
  });
});
