import { normaliseOrigin, OriginPolicy } from './origin-policy.js';

describe('normaliseOrigin', () => {
  it.each([
    ['https://App.Example.com', 'https://app.example.com'],
    ['https://app.example.com:443', 'https://app.example.com'],
    ['http://localhost:3000/', 'http://localhost:3000'],
  ])('%s → %s', (value, origin) => {
    expect(normaliseOrigin(value)).toBe(origin);
  });

  it.each([
    'null',
    '*',
    'app.example.com',
    'ftp://x.com',
    'https://x.com/app',
    'https://u:p@x.com',
    'https://x.com?a=1',
  ])('refuses %s', (value) => {
    expect(normaliseOrigin(value)).toBeUndefined();
  });
});

describe('OriginPolicy', () => {
  const policy = new OriginPolicy(['https://app.example.com']);

  it('allows listed origins, in any equivalent spelling', () => {
    expect(policy.allows('https://app.example.com')).toBe(true);
    expect(policy.allows('https://APP.example.com:443')).toBe(true);
  });

  it('refuses other origins, other schemes or ports, and the opaque "null" origin', () => {
    for (const origin of [
      'https://evil.example.com',
      'http://app.example.com',
      'https://app.example.com:8443',
      'null',
      'https://app.example.com, https://evil.example.com',
    ]) {
      expect(policy.allows(origin)).toBe(false);
    }
  });

  it('does not apply to requests without an Origin header', () => {
    expect(policy.allows(undefined)).toBe(true);
  });

  it('allows everything when no allow-list is configured', () => {
    const open = new OriginPolicy([]);
    expect(open.enforced).toBe(false);
    expect(open.allows('https://evil.example.com')).toBe(true);
  });
});
