import { parseGrant } from './grant-parser.js';

describe('parseGrant', () => {
  it('reads every field', () => {
    expect(
      parseGrant({ symbols: ['*'], wildcard: true, maxSymbols: 10, maxConnections: 2, other: 1 }),
    ).toEqual({
      ok: true,
      grant: { symbols: ['*'], wildcard: true, maxSymbols: 10, maxConnections: 2 },
    });
  });

  it('defaults wildcard to false and leaves limits unset', () => {
    expect(parseGrant({ symbols: ['AAPL'] })).toEqual({
      ok: true,
      grant: { symbols: ['AAPL'], wildcard: false },
    });
  });

  it('never coerces types and names each bad field', () => {
    const result = parseGrant({
      symbols: 'AAPL',
      wildcard: 'yes',
      maxSymbols: '10',
      maxConnections: 0,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.split(':')[0])).toEqual([
        'symbols',
        'wildcard',
        'maxSymbols',
        'maxConnections',
      ]);
    }
  });

  it.each([[[]], [[1]], [undefined], [Array(10_001).fill('A')]])(
    'refuses symbols %#',
    (symbols) => {
      expect(parseGrant({ symbols }).ok).toBe(false);
    },
  );

  it('refuses fractional and oversized limits', () => {
    expect(parseGrant({ symbols: ['A'], maxSymbols: 1.5 }).ok).toBe(false);
    expect(parseGrant({ symbols: ['A'], maxSymbols: 100_001 }).ok).toBe(false);
  });
});
