import { createHash } from 'node:crypto';
import { compileEntitlements, type PrincipalEntitlements } from './entitlements.js';
import { parseGrant } from './grant-parser.js';

/** A loaded API key: its id, the SHA-256 of the key (never the key) and what it may see. */
export interface ApiKeyRecord {
  /** Names the key in logs and limits; not secret. */
  readonly id: string;
  /**
   * Where the record was configured, e.g. `API_KEYS entry 2` or
   * `API_KEYS_FILE keys[0]`: how boot errors name it without quoting anything.
   */
  readonly position: string;
  /** SHA-256 of the key's UTF-8 bytes, 32 bytes. */
  readonly digest: Buffer;
  readonly entitlements: PrincipalEntitlements;
}

/**
 * Outcome of parsing key records: every record, or every problem. Problems name
 * positions (`entry 2`, `keys[0]`, `attribute 3`, `symbols [1]`), never text
 * from the configuration: a key pasted in the wrong place must not reach a log.
 */
export interface ApiKeyParseResult {
  readonly records: readonly ApiKeyRecord[];
  readonly problems: readonly string[];
}

const KEY_ID = /^[A-Za-z0-9._:@-]{1,64}$/;
/** Plain keys: 16..512 URL-safe characters, so they pass in a header and in `?token=` alike. */
const PLAIN_KEY = /^[A-Za-z0-9._~-]{16,512}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;
const SHA256_PREFIX = 'sha256:';
const FILE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'key',
  'sha256',
  'symbols',
  'wildcard',
  'maxSymbols',
  'maxConnections',
]);

/** SHA-256 of a presented key; the one hash used at load and at verification. */
export function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Parses the `API_KEYS_FILE` JSON document:
 * `{"keys":[{"id":"desk-eu","sha256":"<64 hex>","symbols":["FX:*"],"maxSymbols":50,
 *  "maxConnections":3,"wildcard":false}]}`. Each record has exactly one of `sha256`
 * (preferred: the file then holds no secret) or `key` (plain, hashed at load).
 * Unknown fields are refused, so a misspelt limit is not silently unlimited.
 */
export function parseApiKeyFile(text: string): ApiKeyParseResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { records: [], problems: ['not valid JSON'] };
  }
  const keys = isObject(document) ? document.keys : undefined;
  if (!Array.isArray(keys)) return { records: [], problems: ['expected {"keys":[…]}'] };

  const records: ApiKeyRecord[] = [];
  const problems: string[] = [];
  for (const [index, entry] of (keys as unknown[]).entries()) {
    const where = `keys[${index}]`;
    if (!isObject(entry)) {
      problems.push(`${where}: expected an object`);
      continue;
    }
    const unknown = Object.keys(entry).flatMap((field, position) =>
      FILE_FIELDS.has(field) ? [] : [position + 1],
    );
    if (unknown.length > 0) {
      problems.push(
        `${where}: unknown field at position ${unknown.join(', ')} (fields: ${[...FILE_FIELDS].join(', ')})`,
      );
      continue;
    }
    const position = `API_KEYS_FILE ${where}`;
    const secret = { key: entry.key, sha256: entry.sha256 };
    const record = buildRecord(entry.id, secret, entry, where, position);
    if ('problems' in record) problems.push(...record.problems);
    else records.push(record);
  }
  return { records, problems };
}

/**
 * Parses `API_KEYS`, a compact list for small set-ups and tests: entries
 * separated by `,`, each `id=<key>` or `id=sha256:<64 hex>` followed by
 * `;name=value` attributes — `symbols` (patterns separated by `|`), `wildcard`
 * (`true`/`false`), `maxSymbols`, `maxConnections`. Example:
 * `bot-1=sha256:9f86…;symbols=AAPL|FX:*|*-USD;maxSymbols=50,ops=k3y…;symbols=*;wildcard=true`.
 */
export function parseApiKeysEnv(entries: readonly string[]): ApiKeyParseResult {
  const records: ApiKeyRecord[] = [];
  const problems: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const [head = '', ...attributes] = entry.split(';').map((part) => part.trim());
    const eq = head.indexOf('=');
    const id = eq < 0 ? head : head.slice(0, eq);
    // Not even the id is quoted: with key and id swapped (`<key>=desk`) the "id" is the key.
    const where = `entry ${index + 1}`;
    const fields = eq < 0 ? { problem: 'expected id=<key>' } : attributeFields(attributes);
    if ('problem' in fields) {
      problems.push(`${where}: ${fields.problem}`);
      continue;
    }
    const value = head.slice(eq + 1);
    const secret = value.startsWith(SHA256_PREFIX)
      ? { sha256: value.slice(SHA256_PREFIX.length) }
      : { key: value };
    const record = buildRecord(id, secret, fields, where, `API_KEYS ${where}`);
    if ('problems' in record) problems.push(...record.problems);
    else records.push(record);
  }
  return { records, problems };
}

type Secret = { readonly key?: unknown; readonly sha256?: unknown };

function buildRecord(
  id: unknown,
  secret: Secret,
  fields: Readonly<Record<string, unknown>>,
  where: string,
  position: string,
): ApiKeyRecord | { problems: string[] } {
  const problems: string[] = [];
  if (typeof id !== 'string' || !KEY_ID.test(id)) {
    problems.push(`${where}: id must match ${KEY_ID.source}`);
  }
  const digest = digestFrom(secret);
  if (typeof digest === 'string') problems.push(`${where}: ${digest}`);
  const grant = parseGrant(fields);
  if (!grant.ok) problems.push(...grant.problems.map((p) => `${where}: ${p}`));
  if (problems.length > 0 || typeof digest === 'string' || !grant.ok) return { problems };

  const compiled = compileEntitlements(grant.grant);
  if (!compiled.ok) {
    return {
      problems: compiled.problems.map((p) => `${where}: ${p.startsWith('[') ? 'symbols' : ''}${p}`),
    };
  }
  return { id: id as string, position, digest, entitlements: compiled.entitlements };
}

/** The key's digest, or a problem that never quotes the key. */
function digestFrom({ key, sha256 }: Secret): Buffer | string {
  if ((key === undefined) === (sha256 === undefined)) return 'give exactly one of key or sha256';
  if (sha256 !== undefined) {
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
      return 'sha256 must be 64 hex characters';
    }
    return Buffer.from(sha256, 'hex');
  }
  if (typeof key !== 'string' || !PLAIN_KEY.test(key)) {
    return 'key must be 16..512 characters of A-Z a-z 0-9 . _ ~ -';
  }
  return digestOf(key);
}

function attributeFields(
  attributes: readonly string[],
): Record<string, unknown> | { problem: string } {
  const fields: Record<string, unknown> = {};
  for (const [index, attribute] of attributes.entries()) {
    const eq = attribute.indexOf('=');
    const name = eq < 0 ? attribute : attribute.slice(0, eq);
    const value = eq < 0 ? '' : attribute.slice(eq + 1);
    if (name === 'symbols') fields.symbols = value === '' ? [] : value.split('|');
    else if (name === 'wildcard') fields.wildcard = parseBoolean(value);
    else if (name === 'maxSymbols' || name === 'maxConnections') fields[name] = parseInteger(value);
    else {
      // Counted after the `id=<key>` head, which is attribute 0.
      const names = 'symbols, wildcard, maxSymbols, maxConnections';
      return { problem: `attribute ${index + 1}: unknown name (attributes: ${names})` };
    }
  }
  return fields;
}

// Unparseable values are passed on as strings, so parseGrant reports them by field.
function parseBoolean(value: string): boolean | string {
  return value === 'true' ? true : value === 'false' ? false : value;
}

function parseInteger(value: string): number | string {
  return /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/**
 * Problems with records that are each fine but clash: a repeated id, or one key
 * under two ids (the principal would then depend on record order). Run over the
 * file's and the environment's records together; records are named by position.
 */
export function duplicateKeyProblems(records: readonly ApiKeyRecord[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const digests = new Map<string, string>();
  for (const record of records) {
    const sameId = ids.get(record.id);
    if (sameId) problems.push(`${record.position}: same id as ${sameId}`);
    const hex = record.digest.toString('hex');
    const sameKey = digests.get(hex);
    if (sameKey) problems.push(`${record.position}: same key as ${sameKey}`);
    if (!sameId) ids.set(record.id, record.position);
    if (!sameKey) digests.set(hex, record.position);
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
