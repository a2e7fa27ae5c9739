import { connectionDeadline } from './connection-deadline.js';
import { anonymousPrincipal, type Principal } from './entitlements.js';

describe('connectionDeadline', () => {
  const anon = anonymousPrincipal(false);
  const token = (expiresAt: number): Principal => ({ ...anon, kind: 'jwt', id: 'u', expiresAt });

  it('is unlimited without a lifetime or an expiring credential', () => {
    expect(connectionDeadline(anon, 1000, undefined)).toBeUndefined();
  });

  it('is the earlier of the lifetime and the credential expiry', () => {
    expect(connectionDeadline(anon, 1000, 500)).toBe(1500);
    expect(connectionDeadline(token(1200), 1000, undefined)).toBe(1200);
    expect(connectionDeadline(token(1200), 1000, 500)).toBe(1200);
    expect(connectionDeadline(token(9000), 1000, 500)).toBe(1500);
  });
});
