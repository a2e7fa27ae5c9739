import { SubscriptionRegistry } from './subscription-registry.js';

describe('SubscriptionRegistry', () => {
  let registry: SubscriptionRegistry;
  beforeEach(() => (registry = new SubscriptionRegistry()));

  it('keys subscriptions by channel and symbol, candles also by interval', () => {
    registry.add({ channel: 'ticker', throttleMs: 250 }, ['AAPL']);
    registry.add({ channel: 'trades' }, ['AAPL']);
    registry.add({ channel: 'candles', interval: '1m' }, ['AAPL']);
    registry.add({ channel: 'candles', interval: '5m', history: 10 }, ['AAPL']);
    registry.add({ channel: 'book', depth: 25 }, ['AAPL']);
    expect(registry.size).toBe(5);
    expect(registry.get('candles', 'AAPL', '5m')).toMatchObject({ history: 10 });
    expect([...registry.tickerThrottles()]).toEqual([['AAPL', 250]]);

    registry.add({ channel: 'book', depth: 100 }, ['AAPL']);
    expect(registry.get('book', 'AAPL')?.depth).toBe(100);
    expect(registry.size).toBe(5);
  });

  it('removes one candle interval, or every interval without one', () => {
    registry.add({ channel: 'candles', interval: '1m' }, ['AAPL', 'MSFT']);
    registry.add({ channel: 'candles', interval: '5m' }, ['AAPL']);
    registry.remove('candles', ['AAPL'], '1m');
    expect(registry.has('candles', 'AAPL', '5m')).toBe(true);
    registry.remove('candles', ['AAPL']);
    expect(registry.all().map((h) => `${h.symbol} ${h.interval}`)).toEqual(['MSFT 1m']);
  });

  it('groups by channel and parameters, with since for the trades it knows', () => {
    registry.add({ channel: 'ticker', throttleMs: 250 }, ['AAPL', 'MSFT']);
    registry.add({ channel: 'ticker' }, ['NVDA']);
    registry.add({ channel: 'trades' }, ['AAPL', 'MSFT']);
    registry.add({ channel: 'candles', interval: '1m', throttleMs: 100 }, ['AAPL']);
    registry.add({ channel: 'book', depth: 10 }, ['AAPL']);
    const sinceOf = (symbol: string): number | undefined => (symbol === 'AAPL' ? 41 : undefined);
    expect(registry.groups(16_384, sinceOf)).toEqual([
      { channel: 'ticker', throttleMs: 250, symbols: ['AAPL', 'MSFT'] },
      { channel: 'ticker', throttleMs: undefined, symbols: ['NVDA'] },
      { channel: 'trades', symbols: ['AAPL', 'MSFT'], since: { AAPL: 41 } },
      {
        channel: 'candles',
        interval: '1m',
        history: undefined,
        throttleMs: 100,
        symbols: ['AAPL'],
      },
      { channel: 'book', depth: 10, symbols: ['AAPL'] },
    ]);
  });

  it('splits a group so that no request exceeds the frame limit, since included', () => {
    const symbols = Array.from({ length: 300 }, (_, i) => `SYM${i}`);
    registry.add({ channel: 'trades' }, symbols);
    const groups = registry.groups(2048, () => 9_007_199_254_740_991);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flatMap((g) => g.symbols)).toEqual(symbols);
    for (const group of groups) {
      const frame = JSON.stringify({ op: 'subscribe', ...group, id: 1e9 });
      expect(frame.length).toBeLessThanOrEqual(2048);
      expect(Object.keys(group.since ?? {})).toEqual(group.symbols);
    }
  });
});
