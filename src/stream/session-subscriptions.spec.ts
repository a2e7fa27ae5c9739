import { SessionSubscriptions } from './session-subscriptions.js';

describe('SessionSubscriptions', () => {
  it('an explicit throttle wins over the wildcard; unsubscribed symbols have none', () => {
    const subs = new SessionSubscriptions();
    subs.set('*', 1000);
    subs.set('AAPL', 0);
    expect(subs.throttleOf('AAPL')).toBe(0);
    expect(subs.throttleOf('MSFT')).toBe(1000);
    subs.delete('*');
    expect(subs.throttleOf('MSFT')).toBeUndefined();
  });

  it('knows whether every entry is unthrottled through subscribe, re-subscribe and unsubscribe', () => {
    const subs = new SessionSubscriptions();
    expect(subs.allUnthrottled).toBe(true);
    expect(subs.set('AAPL', 0)).toBe(true);
    expect(subs.allUnthrottled).toBe(true);
    expect(subs.set('MSFT', 250)).toBe(true);
    expect(subs.allUnthrottled).toBe(false);
    // Re-subscribing changes the throttle in place: counted once, not twice.
    expect(subs.set('MSFT', 500)).toBe(false);
    expect(subs.set('MSFT', 0)).toBe(false);
    expect(subs.allUnthrottled).toBe(true);
    subs.set('*', 100);
    expect(subs.allUnthrottled).toBe(false);
    expect(subs.delete('*')).toBe(true);
    expect(subs.delete('*')).toBe(false);
    subs.set('GOOG', 100);
    expect(subs.delete('GOOG')).toBe(true);
    expect(subs.delete('GOOG')).toBe(false);
    expect(subs.allUnthrottled).toBe(true);
    expect(subs.size).toBe(2);
  });
});
