import { ProtocolError } from '../gateway/protocol-error.js';
import { assertSymbolsAllowed } from '../gateway/symbol-check.js';
import {
  anonymousPrincipal,
  compileEntitlements,
  effectiveMaxSymbols,
  type EntitlementGrant,
  type Principal,
  type PrincipalEntitlements,
} from './entitlements.js';

function compiled(grant: EntitlementGrant): PrincipalEntitlements {
  const result = compileEntitlements(grant);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.entitlements;
}

describe('compileEntitlements', () => {
  it('allows symbols within the patterns and carries the limits', () => {
    const e = compiled({
      symbols: ['AAPL', 'FX:*'],
      wildcard: false,
      maxSymbols: 5,
      maxConnections: 2,
    });
    expect(e.allows('AAPL')).toBe(true);
    expect(e.allows('FX:EURUSD')).toBe(true);
    expect(e.allows('MSFT')).toBe(false);
    expect(e).toMatchObject({ wildcard: false, maxSymbols: 5, maxConnections: 2 });
    expect(e.patterns).toEqual(['AAPL', 'FX:*']);
  });

  it('grants "*" subscriptions only together with the "*" pattern', () => {
    expect(compiled({ symbols: ['*'], wildcard: true }).wildcard).toBe(true);
    const refused = compileEntitlements({ symbols: ['FX:*'], wildcard: true });
    expect(refused).toEqual({
      ok: false,
      problems: [expect.stringContaining('wildcard requires')],
    });
  });

  it('allows every symbol with the "*" pattern but not "*" subscriptions without wildcard', () => {
    const e = compiled({ symbols: ['*'], wildcard: false });
    expect(e.allows('ANYTHING')).toBe(true);
    expect(e.wildcard).toBe(false);
  });

  it('reports bad patterns', () => {
    expect(compileEntitlements({ symbols: ['fx:*'], wildcard: false }).ok).toBe(false);
  });
});

describe('principal entitlements in the gateway subscribe check', () => {
  const known = (): boolean => true;
  const entitlements = compiled({ symbols: ['FX:*', '*-USD'], wildcard: false });

  it('passes entitled symbols', () => {
    expect(() => assertSymbolsAllowed(['FX:EURUSD', 'BTC-USD'], known, entitlements)).not.toThrow();
  });

  it('refuses the whole request with FORBIDDEN naming every symbol outside the grant', () => {
    let error: unknown;
    try {
      assertSymbolsAllowed(['FX:EURUSD', 'AAPL', 'BTC-EUR', '*'], known, entitlements);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      code: 'FORBIDDEN',
      extra: { symbols: ['AAPL', 'BTC-EUR', '*'] },
    });
  });

  it('accepts "*" for a wildcard grant', () => {
    const all = compiled({ symbols: ['*'], wildcard: true });
    expect(() => assertSymbolsAllowed(['*'], known, all)).not.toThrow();
  });
});

describe('anonymousPrincipal', () => {
  it('allows every symbol, and "*" only when configured', () => {
    expect(anonymousPrincipal(false)).toMatchObject({ id: 'anonymous', kind: 'anonymous' });
    expect(anonymousPrincipal(false).entitlements.allows('AAPL')).toBe(true);
    expect(anonymousPrincipal(false).entitlements.wildcard).toBe(false);
    expect(anonymousPrincipal(true).entitlements.wildcard).toBe(true);
  });
});

describe('effectiveMaxSymbols', () => {
  const withMax = (maxSymbols?: number): Principal => ({
    id: 'k',
    kind: 'apikey',
    entitlements: compiled({
      symbols: ['*'],
      wildcard: false,
      ...(maxSymbols ? { maxSymbols } : {}),
    }),
  });

  it('narrows but never widens the server cap', () => {
    expect(effectiveMaxSymbols(withMax(10), 500)).toBe(10);
    expect(effectiveMaxSymbols(withMax(1000), 500)).toBe(500);
    expect(effectiveMaxSymbols(withMax(), 500)).toBe(500);
  });
});
