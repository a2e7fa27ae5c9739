import fc from 'fast-check';
import {
  compareDecimals,
  decimalsOf,
  isDecimalString,
  isZeroDecimal,
  zeroWithDecimals,
} from './decimal-string.js';

describe('decimal strings', () => {
  it.each(['0', '7', '101.50', '0.000', '0.5', '66843.76', '123456789012345678901234.5'])(
    'accepts %s',
    (value) => {
      expect(isDecimalString(value)).toBe(true);
    },
  );

  it.each(['', '01', '00.5', '-1', '+1', '1.', '.5', '1e3', ' 1', '1,5', 'NaN', '١', 1.5, null])(
    'refuses %p',
    (value) => {
      expect(isDecimalString(value)).toBe(false);
    },
  );

  it('counts decimals', () => {
    expect(decimalsOf('101.50')).toBe(2);
    expect(decimalsOf('7')).toBe(0);
    expect(decimalsOf('0.000')).toBe(3);
  });

  it('recognises zero in any form', () => {
    expect(['0', '0.0', '0.000'].map(isZeroDecimal)).toEqual([true, true, true]);
    expect(['1', '0.001', '10', '100.0'].map(isZeroDecimal)).toEqual([false, false, false, false]);
  });

  it('writes zero with a number of decimals', () => {
    expect(zeroWithDecimals(0)).toBe('0');
    expect(zeroWithDecimals(3)).toBe('0.000');
  });

  it.each([
    ['1', '2', -1],
    ['9.99', '10.00', -1],
    ['10', '9.5', 1],
    ['1', '1.5', -1],
    ['1.5', '1', 1],
    ['1.5', '1.50', 0],
    ['101.50', '101.60', -1],
    ['0.001', '0', 1],
    ['123456789012345678901.1', '123456789012345678901.01', 1],
  ])('orders %s against %s', (a, b, sign) => {
    expect(Math.sign(compareDecimals(a, b))).toBe(sign);
    expect(Math.sign(compareDecimals(b, a))).toBe(-sign || 0);
  });

  it('orders like the numbers they denote (property)', () => {
    const decimal = fc
      .tuple(fc.nat({ max: 1_000_000 }), fc.nat({ max: 9_999 }), fc.integer({ min: 0, max: 4 }))
      .map(([int, frac, decimals]) =>
        decimals === 0 ? `${int}` : `${int}.${String(frac).padStart(4, '0').slice(0, decimals)}`,
      );
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        // Scaled integers compare exactly: at most 1e6 * 1e4 < 2^53.
        const scaled = (v: string): number => Math.round(Number(v) * 10_000);
        expect(Math.sign(compareDecimals(a, b))).toBe(Math.sign(scaled(a) - scaled(b)));
      }),
      { numRuns: 500 },
    );
  });
});
