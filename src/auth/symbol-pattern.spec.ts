import { compileSymbolPatterns, type SymbolMatcher } from './symbol-pattern.js';

function matcher(patterns: string[]): SymbolMatcher {
  const result = compileSymbolPatterns(patterns);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.matcher;
}

describe('compileSymbolPatterns', () => {
  it('matches exact symbols only exactly', () => {
    const m = matcher(['AAPL', 'EUR/USD']);
    expect(m.matches('AAPL')).toBe(true);
    expect(m.matches('EUR/USD')).toBe(true);
    expect(m.matches('AAP')).toBe(false);
    expect(m.matches('AAPL2')).toBe(false);
    expect(m.matchesAll).toBe(false);
  });

  it('matches prefixes (FX:*, EUR/*)', () => {
    const m = matcher(['FX:*', 'EUR/*']);
    expect(m.matches('FX:EURUSD')).toBe(true);
    expect(m.matches('EUR/USD')).toBe(true);
    expect(m.matches('EUR/')).toBe(true);
    expect(m.matches('FXEURUSD')).toBe(false);
    expect(m.matches('USD/EUR')).toBe(false);
  });

  it('matches suffixes (*-USD)', () => {
    const m = matcher(['*-USD']);
    expect(m.matches('BTC-USD')).toBe(true);
    expect(m.matches('ETH-USD')).toBe(true);
    expect(m.matches('BTC-USDT')).toBe(false);
    expect(m.matches('USD-BTC')).toBe(false);
  });

  it('treats "*" alone as every symbol', () => {
    const m = matcher(['*']);
    expect(m.matchesAll).toBe(true);
    expect(m.matches('AAPL')).toBe(true);
    expect(m.matches('FX:EURUSD')).toBe(true);
  });

  it('combines kinds and deduplicates patterns', () => {
    const m = matcher(['AAPL', 'FX:*', '*-USD', 'AAPL']);
    expect(m.patterns).toEqual(['AAPL', 'FX:*', '*-USD']);
    expect(['AAPL', 'FX:GBPUSD', 'SOL-USD'].every((s) => m.matches(s))).toBe(true);
    expect(m.matches('MSFT')).toBe(false);
  });

  it('matches nothing when given no patterns', () => {
    expect(matcher([]).matches('AAPL')).toBe(false);
  });

  it.each([
    ['aapl', 'not a valid symbol'],
    ['', 'not a valid symbol'],
    ['FX*USD', 'may only start or end'],
    ['*FX*', 'at most one'],
    ['**', 'at most one'],
    ['fx:*', 'invalid prefix'],
    ['*-usd', 'invalid suffix'],
    ['* ', 'invalid suffix'],
  ])('refuses the pattern %j (%s)', (pattern, problem) => {
    const result = compileSymbolPatterns(['AAPL', pattern]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([expect.stringContaining(problem)]);
  });
});
