import { isValidSymbol } from './symbol.js';

describe('isValidSymbol', () => {
  it.each(['AAPL', 'BTC-USD', 'EUR/USD', 'ESZ5', 'BRK.B', 'FX:EURUSD', '7203', 'A'])(
    'accepts %s',
    (s) => {
      expect(isValidSymbol(s)).toBe(true);
    },
  );

  it.each(['aapl', 'Aapl', '', '-AAPL', 'A'.repeat(33), 'AA PL', '*', 'ÄPPLE', 42, null])(
    'refuses %p',
    (s) => {
      expect(isValidSymbol(s)).toBe(false);
    },
  );
});
