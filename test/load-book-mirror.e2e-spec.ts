import fc from 'fast-check';
import * as jsBook from '../load/lib/book-replica.js';
import { crc32Utf8 as jsCrc32Utf8 } from '../load/lib/crc32.js';
import * as jsMarket from '../load/lib/market.js';
import { bookChecksum, bookChecksumText } from '../src/market/book-checksum.js';
import {
  BOOK_DEPTHS,
  DEFAULT_BOOK_DEPTH,
  type BookDepth,
  type BookEntry,
  type BookLevel,
} from '../src/market/book-level.js';
import { BookReplica } from '../src/market/book-replica.js';
import { CANDLE_INTERVAL_MS } from '../src/market/candle.js';
import { crc32Utf8 } from '../src/market/crc32.js';
import { compareDecimals } from '../src/market/decimal-string.js';

/**
 * k6 cannot import the TypeScript book code, so load/lib/crc32.js and book-replica.js mirror
 * it; this keeps the k6 scripts' book checksum identical to the one the server computes.
 */
describe('load/lib book checksum and market constants mirror src/market', () => {
  const VECTOR_ASKS: BookLevel[] = [
    ['101.50', '2.000'],
    ['101.60', '1.000'],
  ];
  const VECTOR_BIDS: BookLevel[] = [['101.40', '3.000']];

  it('load/lib/market.js has the same candle intervals and book depths', () => {
    expect({ ...jsMarket.CANDLE_INTERVAL_MS }).toEqual({ ...CANDLE_INTERVAL_MS });
    expect([...jsMarket.BOOK_DEPTHS]).toEqual([...BOOK_DEPTHS]);
    expect(jsMarket.DEFAULT_BOOK_DEPTH).toBe(DEFAULT_BOOK_DEPTH);
  });

  it("matches the contract's test vectors", () => {
    expect(jsBook.bookChecksumText(VECTOR_ASKS, VECTOR_BIDS)).toBe(
      '101.50:2.000,101.60:1.000|101.40:3.000',
    );
    expect(jsBook.bookChecksum(VECTOR_ASKS, VECTOR_BIDS)).toBe(3419162938);
    expect(jsBook.bookChecksum([], [])).toBe(2343686810);
    expect(bookChecksum(VECTOR_ASKS, VECTOR_BIDS)).toBe(3419162938);
  });

  it('CRC-32 equals src/market on any text, UTF-8 and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(jsCrc32Utf8(text)).toBe(crc32Utf8(text));
      }),
      { numRuns: 500 },
    );
    expect(jsCrc32Utf8('\ud800x\udfff')).toBe(crc32Utf8('\ud800x\udfff'));
  });

  /** A canonical decimal string with `decimals` places: "0.05", "12.50", "7". */
  const decimal = (decimals: number, max: number): fc.Arbitrary<string> =>
    fc.integer({ min: 1, max }).map((units) => {
      if (decimals === 0) return String(units);
      const text = String(units).padStart(decimals + 1, '0');
      return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
    });

  it('orders decimal strings as src/market does', () => {
    fc.assert(
      fc.property(decimal(2, 100_000), decimal(3, 100_000), (a, b) => {
        expect(Math.sign(jsBook.compareDecimals(a, b))).toBe(Math.sign(compareDecimals(a, b)));
        expect(jsBook.compareDecimals(a, a)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  /** Random entries of one book: a symbol's decimals are fixed; quantities may be zero. */
  const bookStream = fc
    .record({
      depth: fc.constantFrom<BookDepth>(10, 10, 25, 100),
      priceDecimals: fc.integer({ min: 0, max: 4 }),
      qtyDecimals: fc.integer({ min: 0, max: 3 }),
    })
    .chain(({ depth, priceDecimals, qtyDecimals }) => {
      const level = fc.tuple(
        // Few prices, so updates often hit, and remove, levels the book holds.
        decimal(priceDecimals, 60),
        fc.oneof(decimal(qtyDecimals, 500), fc.constant(qtyDecimals ? '0.000' : '0')),
      );
      // Sides longer than the depth, so levels leave the view and come back into it.
      const side = fc.array(level, { maxLength: 40, size: 'max' });
      const entry = fc.record({
        snapshot: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        bids: side,
        asks: side,
      });
      return fc.record({
        depth: fc.constant(depth),
        entries: fc.array(entry, { maxLength: 30, size: 'max' }),
      });
    });

  it('a JS replica builds the same book as src/market and verifies its checksum, after every entry', () => {
    fc.assert(
      fc.property(bookStream, ({ depth, entries }) => {
        const reference = new BookReplica(depth);
        const mirror = new jsBook.BookReplica(depth);
        entries.forEach(({ snapshot, bids, asks }, i) => {
          const probe: BookEntry = { symbol: 'XYZ', seq: i + 1, ts: 0, bids, asks, checksum: 0 };
          if (snapshot || i === 0) reference.applySnapshot(probe);
          else reference.applyUpdate(probe);
          // The server's checksum is src/market's checksum of the resulting book.
          const entry = { ...probe, checksum: reference.checksum() };
          const ok = snapshot || i === 0 ? mirror.applySnapshot(entry) : mirror.applyUpdate(entry);
          expect(ok).toBe(true);
          expect(mirror.bids).toEqual(reference.bidLevels);
          expect(mirror.asks).toEqual(reference.askLevels);
          expect(jsBook.bookChecksumText(mirror.asks, mirror.bids)).toBe(
            bookChecksumText(reference.askLevels, reference.bidLevels),
          );
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a JS replica reports a wrong checksum', () => {
    const mirror = new jsBook.BookReplica(10);
    expect(
      mirror.applySnapshot({ seq: 1, bids: VECTOR_BIDS, asks: VECTOR_ASKS, checksum: 1 }),
    ).toBe(false);
  });
});
