import { timingSafeEqual } from 'node:crypto';
import { parseApiKeysEnv } from './api-key.records.js';
import { ApiKeyVerifier } from './api-key.verifier.js';

const KEYS = ['key-one-0123456789ab', 'key-two-0123456789ab', 'key-three-0123456789'];

function records() {
  const parsed = parseApiKeysEnv([
    `one=${KEYS[0]};symbols=AAPL;maxConnections=2`,
    `two=${KEYS[1]};symbols=FX:*|*-USD;maxSymbols=10`,
    `three=${KEYS[2]};symbols=*;wildcard=true`,
  ]);
  expect(parsed.problems).toEqual([]);
  return parsed.records;
}

describe('ApiKeyVerifier', () => {
  it('names the principal of a known key with its entitlements', async () => {
    const verifier = new ApiKeyVerifier(records());
    const outcome = await verifier.verify(KEYS[1]!);
    expect(outcome).toMatchObject({
      ok: true,
      principal: { id: 'two', kind: 'apikey', entitlements: { maxSymbols: 10, wildcard: false } },
    });
    if (outcome.ok) {
      expect(outcome.principal.entitlements.allows('FX:EURUSD')).toBe(true);
      expect(outcome.principal.entitlements.allows('AAPL')).toBe(false);
    }
  });

  it.each([
    ['an unknown key', 'key-four-0123456789a'],
    ['a key differing in one character', 'key-one-0123456789aB'],
    ['a prefix of a key', 'key-one-0123456789'],
    ['an empty key', ''],
  ])('refuses %s', async (_name, key) => {
    await expect(new ApiKeyVerifier(records()).verify(key)).resolves.toEqual({
      ok: false,
      reason: 'unknown_api_key',
    });
  });

  it('compares fixed-length digests with timingSafeEqual, against every record, without early exit', async () => {
    const calls: Array<[Buffer, Buffer]> = [];
    const spy = (a: Buffer, b: Buffer): boolean => {
      calls.push([a, b]);
      return timingSafeEqual(a, b);
    };
    const verifier = new ApiKeyVerifier(records(), spy);

    await verifier.verify(KEYS[0]!); // matches the first record
    expect(calls).toHaveLength(3);
    await verifier.verify(`a-much-longer-key-${'x'.repeat(500)}`);
    expect(calls).toHaveLength(6);
    for (const [a, b] of calls) {
      expect(a).toHaveLength(32);
      expect(b).toHaveLength(32);
      // The presented key itself never reaches the comparison, only its digest.
      expect(a.toString('utf8')).not.toContain('key-');
    }
  });

  it('uses crypto.timingSafeEqual by default', () => {
    const verifier = new ApiKeyVerifier(records());
    expect((verifier as unknown as { compare: unknown }).compare).toBe(timingSafeEqual);
  });

  it('reports how many keys it holds', () => {
    expect(new ApiKeyVerifier(records()).size).toBe(3);
  });
});
