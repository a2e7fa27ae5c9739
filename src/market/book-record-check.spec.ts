import type { BookLevel, BookRecord } from './book-level.js';
import { checkBookRecord } from './book-record-check.js';

const UNKNOWN = { price: undefined, qty: undefined };
const FIXED = { price: 2, qty: 3 };

function record(bids: BookLevel[], asks: BookLevel[] = []): BookRecord {
  return { symbol: 'XYZ', kind: 'delta', seq: 1, ts: 0, bids, asks };
}

describe('checkBookRecord', () => {
  it('fixes the decimals from the first levels seen', () => {
    expect(checkBookRecord(record([['101.40', '3.000']]), UNKNOWN)).toEqual({
      ok: true,
      decimals: { price: 2, qty: 3 },
    });
  });

  it('leaves decimals unknown when no level shows them', () => {
    expect(checkBookRecord(record([]), UNKNOWN)).toEqual({ ok: true, decimals: UNKNOWN });
    expect(checkBookRecord(record([['101.40', '0']]), UNKNOWN)).toEqual({
      ok: true,
      decimals: { price: 2, qty: undefined },
    });
  });

  it('accepts levels with the fixed decimals', () => {
    const r = record([['101.40', '3.000']], [['101.50', '2.000']]);
    expect(checkBookRecord(r, FIXED)).toEqual({ ok: true, decimals: FIXED });
  });

  it('accepts a zero quantity in any form', () => {
    for (const zero of ['0', '0.0', '0.000', '0.00000'])
      expect(checkBookRecord(record([['101.40', zero]]), FIXED).ok).toBe(true);
  });

  it.each<[string, BookLevel]>([
    ['price', ['101.4', '3.000']],
    ['price', ['101', '3.000']],
    ['quantity', ['101.40', '3.00']],
    ['quantity', ['101.40', '3']],
  ])('refuses a %s with other decimals', (_, level) => {
    expect(checkBookRecord(record([level]), FIXED)).toEqual({ ok: false, reason: 'decimals' });
  });

  it('refuses levels that disagree within the first record', () => {
    const r = record([['101.40', '3.000']], [['101.5', '2.000']]);
    expect(checkBookRecord(r, UNKNOWN)).toEqual({ ok: false, reason: 'decimals' });
  });

  it.each<BookLevel>([
    ['-101.40', '3.000'],
    ['0101.40', '3.000'],
    ['101.40', '3e3'],
    ['101.40 ', '3.000'],
    ['', '3.000'],
    ['101.40', '-1.000'],
  ])('refuses %p as format', (...level) => {
    expect(checkBookRecord(record([level]), FIXED)).toEqual({ ok: false, reason: 'format' });
  });

  it('refuses levels that are not strings as format', () => {
    const bad = [[101.4, '3.000']] as unknown as BookLevel[];
    expect(checkBookRecord(record(bad), FIXED)).toEqual({ ok: false, reason: 'format' });
  });
});
