import { createHash } from 'node:crypto';
import {
  digestOf,
  duplicateKeyProblems,
  parseApiKeyFile,
  parseApiKeysEnv,
} from './api-key.records.js';

const KEY = 'k3y-0123456789abcdef';
const sha = (key: string): string => createHash('sha256').update(key).digest('hex');

describe('parseApiKeyFile', () => {
  it('loads hashed and plain records with their entitlements', () => {
    const { records, problems } = parseApiKeyFile(
      JSON.stringify({
        keys: [
          { id: 'desk-eu', sha256: sha(KEY), symbols: ['FX:*'], maxSymbols: 50, maxConnections: 3 },
          { id: 'firehose', key: 'another-key-0123456789', symbols: ['*'], wildcard: true },
        ],
      }),
    );
    expect(problems).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(['desk-eu', 'firehose']);
    expect(records[0]!.digest.equals(digestOf(KEY))).toBe(true);
    expect(records[0]!.entitlements).toMatchObject({
      maxSymbols: 50,
      maxConnections: 3,
      wildcard: false,
    });
    expect(records[0]!.entitlements.allows('FX:EURUSD')).toBe(true);
    expect(records[1]!.entitlements.wildcard).toBe(true);
  });

  it('keeps no plain key in the record', () => {
    const { records } = parseApiKeyFile(
      JSON.stringify({ keys: [{ id: 'a', key: KEY, symbols: ['*'] }] }),
    );
    expect(JSON.stringify(records)).not.toContain(KEY);
    expect(Object.values(records[0]!)).not.toContain(KEY);
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['no keys array', '{"key":[]}', 'expected {"keys"'],
    ['a non-object record', '{"keys":[1]}', 'keys[0]: expected an object'],
    [
      'an unknown field',
      `{"keys":[{"id":"a","sha256":"${sha(KEY)}","symbols":["*"],"maxSymbol":5}]}`,
      'keys[0]: unknown field at position 4 (fields: id, key, sha256,',
    ],
    [
      'both key and sha256',
      `{"keys":[{"id":"a","key":"${KEY}","sha256":"${sha(KEY)}","symbols":["*"]}]}`,
      'exactly one of key or sha256',
    ],
    [
      'neither key nor sha256',
      '{"keys":[{"id":"a","symbols":["*"]}]}',
      'exactly one of key or sha256',
    ],
    [
      'a short sha256',
      '{"keys":[{"id":"a","sha256":"abcd","symbols":["*"]}]}',
      'sha256 must be 64 hex',
    ],
    ['a short key', '{"keys":[{"id":"a","key":"short","symbols":["*"]}]}', 'key must be 16..512'],
    ['a bad id', `{"keys":[{"id":"a b","key":"${KEY}","symbols":["*"]}]}`, 'id must match'],
    ['missing symbols', `{"keys":[{"id":"a","key":"${KEY}"}]}`, 'symbols: expected'],
    [
      'a bad pattern',
      `{"keys":[{"id":"a","key":"${KEY}","symbols":["AAPL","fx:*"]}]}`,
      'keys[0]: symbols[1]: invalid prefix',
    ],
    [
      'wildcard without "*"',
      `{"keys":[{"id":"a","key":"${KEY}","symbols":["A"],"wildcard":true}]}`,
      'wildcard requires',
    ],
    [
      'a prototype key',
      `{"keys":[{"id":"a","key":"${KEY}","symbols":["*"],"__proto__":{"x":1}}]}`,
      'keys[0]: unknown field at position 4',
    ],
  ])('refuses %s', (_name, text, problem) => {
    const { records, problems } = parseApiKeyFile(text);
    expect(records).toEqual([]);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
    expect(problems.join('\n')).not.toContain(KEY);
  });
});

describe('parseApiKeysEnv', () => {
  it('reads plain and sha256 entries with attributes', () => {
    const { records, problems } = parseApiKeysEnv([
      `bot-1=${KEY};symbols=AAPL|FX:*|*-USD;maxSymbols=50;maxConnections=2`,
      `ops=sha256:${sha('ops-key-0123456789')};symbols=*;wildcard=true`,
    ]);
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      id: 'bot-1',
      entitlements: { maxSymbols: 50, maxConnections: 2 },
    });
    expect(['AAPL', 'FX:X', 'BTC-USD'].every((s) => records[0]!.entitlements.allows(s))).toBe(true);
    expect(records[1]!.digest.equals(digestOf('ops-key-0123456789'))).toBe(true);
    expect(records[1]!.entitlements.wildcard).toBe(true);
  });

  it.each([
    [`bot-1`, 'expected id=<key>'],
    [`bot-1=${KEY}`, 'symbols: expected'],
    [`bot-1=${KEY};symbols=`, 'symbols: expected'],
    [`bot-1=${KEY};symbols=*;colour=red`, 'entry 1: attribute 2: unknown name'],
    [`bot-1=${KEY};symbols=*;maxSymbols=ten`, 'maxSymbols: expected'],
    [`bot-1=${KEY};symbols=*;wildcard=maybe`, 'wildcard: expected'],
    [`bot-1=sha256:xyz;symbols=*`, 'sha256 must be 64 hex'],
  ])('refuses %j', (entry, problem) => {
    const { problems } = parseApiKeysEnv([entry]);
    expect(problems).toEqual([expect.stringContaining(problem)]);
    expect(problems[0]).not.toContain(KEY);
  });

  it.each([
    ['key and id swapped', `${KEY}=desk;symbols=*`, 'entry 1: key must be 16..512'],
    ['a key as an attribute', `desk=other-key-0123456789;${KEY}`, 'entry 1: attribute 1: unknown'],
    ['a key as a pattern', `desk=other-key-0123456789;symbols=AAPL|${KEY}`, 'entry 1: symbols[1]:'],
    ['a key as maxSymbols', `desk=other-key-0123456789;symbols=*;maxSymbols=${KEY}`, 'maxSymbols:'],
  ])('names %s by position, never quoting it', (_name, entry, problem) => {
    const { problems } = parseApiKeysEnv([entry]);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
    expect(problems.join('\n')).not.toContain(KEY);
    expect(problems.join('\n')).not.toContain('desk');
  });

  it('does not quote an entry that looks like a pasted key', () => {
    const { problems } = parseApiKeysEnv([KEY]);
    expect(problems).toEqual(['entry 1: expected id=<key>']);
  });
});

describe('duplicateKeyProblems', () => {
  it('reports a repeated id and one key under two ids', () => {
    const { records } = parseApiKeysEnv([
      `a=${KEY};symbols=*`,
      `a=other-key-0123456789;symbols=*`,
      `b=sha256:${sha(KEY)};symbols=*`,
    ]);
    expect(duplicateKeyProblems(records)).toEqual([
      'API_KEYS entry 2: same id as API_KEYS entry 1',
      'API_KEYS entry 3: same key as API_KEYS entry 1',
    ]);
  });
});
