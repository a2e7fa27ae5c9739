import {
  clientAddress,
  ConnectionLimiter,
  type AcquireResult,
  type ConnectionLease,
} from './connection-limiter.js';
import { anonymousPrincipal, compileEntitlements, type Principal } from './entitlements.js';

function keyPrincipal(id: string, maxConnections?: number): Principal {
  const compiled = compileEntitlements({
    symbols: ['*'],
    wildcard: false,
    ...(maxConnections ? { maxConnections } : {}),
  });
  if (!compiled.ok) throw new Error('bad grant');
  return { id, kind: 'apikey', entitlements: compiled.entitlements };
}

function lease(result: AcquireResult): ConnectionLease {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.lease;
}

const anon = anonymousPrincipal(false);

describe('ConnectionLimiter', () => {
  it('answers 503 when the server is full, and admits again after a release', () => {
    const limiter = new ConnectionLimiter({ maxConnections: 2, maxConnectionsPerIp: 10 });
    const first = lease(limiter.acquire('10.0.0.1', anon));
    lease(limiter.acquire('10.0.0.2', anon));
    expect(limiter.acquire('10.0.0.3', anon)).toEqual({
      ok: false,
      status: 503,
      reason: 'server_full',
    });
    expect(limiter.precheck('10.0.0.3')).toEqual({ ok: false, status: 503, reason: 'server_full' });
    first.release();
    expect(limiter.acquire('10.0.0.3', anon).ok).toBe(true);
  });

  it('answers 503 when one address holds its share, without affecting others', () => {
    const limiter = new ConnectionLimiter({ maxConnections: 100, maxConnectionsPerIp: 2 });
    lease(limiter.acquire('10.0.0.1', anon));
    lease(limiter.acquire('10.0.0.1', anon));
    expect(limiter.acquire('10.0.0.1', anon)).toEqual({
      ok: false,
      status: 503,
      reason: 'ip_limit',
    });
    expect(limiter.precheck('10.0.0.1')).toMatchObject({ reason: 'ip_limit' });
    expect(limiter.precheck('10.0.0.2')).toBeUndefined();
    expect(limiter.acquire('10.0.0.2', anon).ok).toBe(true);
  });

  it("answers 429 when a credential's own maxConnections is used up, across addresses", () => {
    const limiter = new ConnectionLimiter({ maxConnections: 100, maxConnectionsPerIp: 100 });
    const desk = keyPrincipal('desk', 2);
    const held = lease(limiter.acquire('10.0.0.1', desk));
    lease(limiter.acquire('10.0.0.2', desk));
    expect(limiter.acquire('10.0.0.3', desk)).toEqual({
      ok: false,
      status: 429,
      reason: 'principal_limit',
    });
    // Another principal, and the same id under another kind, are counted apart.
    expect(limiter.acquire('10.0.0.3', keyPrincipal('other', 2)).ok).toBe(true);
    expect(limiter.acquire('10.0.0.3', { ...desk, kind: 'jwt' }).ok).toBe(true);
    held.release();
    expect(limiter.acquire('10.0.0.3', desk).ok).toBe(true);
  });

  it('does not count a refused attempt', () => {
    const limiter = new ConnectionLimiter({ maxConnections: 1, maxConnectionsPerIp: 1 });
    lease(limiter.acquire('a', anon));
    limiter.acquire('a', anon);
    limiter.acquire('b', anon);
    expect(limiter.counts()).toEqual({ open: 1, addresses: 1, limitedPrincipals: 0 });
  });

  it('makes release idempotent and forgets idle addresses and principals', () => {
    const limiter = new ConnectionLimiter({ maxConnections: 10, maxConnectionsPerIp: 10 });
    const a = lease(limiter.acquire('10.0.0.1', keyPrincipal('desk', 5)));
    const b = lease(limiter.acquire('10.0.0.1', anon));
    expect(limiter.counts()).toEqual({ open: 2, addresses: 1, limitedPrincipals: 1 });
    a.release();
    a.release();
    expect(limiter.counts()).toEqual({ open: 1, addresses: 1, limitedPrincipals: 0 });
    b.release();
    expect(limiter.counts()).toEqual({ open: 0, addresses: 0, limitedPrincipals: 0 });
  });

  it('stays consistent under many random acquires and releases', () => {
    const limiter = new ConnectionLimiter({ maxConnections: 50, maxConnectionsPerIp: 7 });
    const held: ConnectionLease[] = [];
    let seed = 42;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      if (random() < 0.55) {
        const result = limiter.acquire(`10.0.0.${Math.floor(random() * 12)}`, anon);
        if (result.ok) held.push(result.lease);
      } else if (held.length > 0) {
        held.splice(Math.floor(random() * held.length), 1)[0]!.release();
      }
      expect(limiter.counts().open).toBe(held.length);
      expect(held.length).toBeLessThanOrEqual(50);
    }
    held.forEach((l) => l.release());
    expect(limiter.counts()).toEqual({ open: 0, addresses: 0, limitedPrincipals: 0 });
  });
});

describe('clientAddress', () => {
  const at = (remoteAddress: string | undefined): Parameters<typeof clientAddress>[0] =>
    ({ socket: { remoteAddress } }) as Parameters<typeof clientAddress>[0];

  it('folds IPv4-mapped IPv6 to IPv4 and keeps plain IPv6', () => {
    expect(clientAddress(at('::ffff:10.1.2.3'))).toBe('10.1.2.3');
    expect(clientAddress(at('10.1.2.3'))).toBe('10.1.2.3');
    expect(clientAddress(at('2001:db8::1'))).toBe('2001:db8::1');
  });

  it('names a socket that already closed', () => {
    expect(clientAddress(at(undefined))).toBe('unknown');
  });
});
