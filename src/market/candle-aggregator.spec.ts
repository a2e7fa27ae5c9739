import { every } from '../shared/clock.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import {
  CANDLE_INTERVAL_MS,
  CANDLE_INTERVALS,
  candleStartOf,
  type Candle,
  type CandleInterval,
} from './candle.js';
import {
  CandleAggregator,
  DEFAULT_CANDLE_CLOSE_GRACE_MS,
  DEFAULT_CANDLE_HISTORY,
  type CandleTrade,
} from './candle-aggregator.js';

/** 2026-11-22T14:30:00Z: a boundary of every interval but 1d. */
const T0 = Date.UTC(2026, 10, 22, 14, 30);

function trade(ts: number, price = 100, size = 1, symbol = 'AAPL'): CandleTrade {
  return { symbol, ts, price, size };
}

function only(interval: CandleInterval, options = {}): CandleAggregator {
  return new CandleAggregator({ intervals: [interval], ...options });
}

function brief(c: Candle): string {
  return `${c.interval}@${c.start - T0}${c.closed ? ' closed' : ''}`;
}

describe('CandleAggregator', () => {
  it('defaults to the contract: 1000 closed bars, 1000 ms grace, every interval', () => {
    expect(DEFAULT_CANDLE_HISTORY).toBe(1000);
    expect(DEFAULT_CANDLE_CLOSE_GRACE_MS).toBe(1000);
    const changes = new CandleAggregator().onTrade(trade(T0 + 1));
    expect(changes.map((c) => c.interval)).toEqual([...CANDLE_INTERVALS]);
  });

  it('opens a UTC-aligned bar per interval with the first trade', () => {
    const ts = Date.UTC(2026, 10, 22, 14, 37, 42, 123);
    const changes = new CandleAggregator().onTrade(trade(ts, 189.13, 100));
    for (const c of changes) {
      expect(c).toEqual({
        symbol: 'AAPL',
        interval: c.interval,
        start: candleStartOf(ts, c.interval),
        open: 189.13,
        high: 189.13,
        low: 189.13,
        close: 189.13,
        volume: 100,
        trades: 1,
        closed: false,
      });
    }
    expect(changes.map((c) => new Date(c.start).toISOString())).toEqual([
      '2026-11-22T14:37:42.000Z',
      '2026-11-22T14:37:00.000Z',
      '2026-11-22T14:35:00.000Z',
      '2026-11-22T14:30:00.000Z',
      '2026-11-22T14:00:00.000Z',
      '2026-11-22T00:00:00.000Z',
    ]);
  });

  it('updates high, low, close, volume and count within a bar', () => {
    const agg = only('1m');
    agg.onTrade(trade(T0, 100, 0.1));
    agg.onTrade(trade(T0 + 10, 105, 0.1));
    const [bar] = agg.onTrade(trade(T0 + 20, 98, 0.1));
    expect(bar).toMatchObject({
      open: 100,
      high: 105,
      low: 98,
      close: 98,
      trades: 3,
      closed: false,
    });
    expect(bar?.volume).toBe(0.3);
  });

  it('closes a bar when a trade of a later bar arrives, final state first', () => {
    const agg = only('1m');
    agg.onTrade(trade(T0, 100));
    agg.onTrade(trade(T0 + 59_999, 101));
    const changes = agg.onTrade(trade(T0 + 60_000, 102));
    expect(changes).toEqual([
      expect.objectContaining({ start: T0, close: 101, trades: 2, closed: true }),
      expect.objectContaining({ start: T0 + 60_000, open: 102, trades: 1, closed: false }),
    ]);
  });

  it('returns every closed bar before any open one across intervals', () => {
    const agg = new CandleAggregator({ intervals: ['1s', '1m', '5m'] });
    agg.onTrade(trade(T0 + 59_500));
    expect(agg.onTrade(trade(T0 + 60_000)).map(brief)).toEqual([
      '1s@59000 closed',
      '1m@0 closed',
      '1s@60000',
      '1m@60000',
      '5m@0',
    ]);
  });

  it('leaves intervals without trades without a bar', () => {
    const agg = only('1m');
    agg.onTrade(trade(T0));
    agg.onTrade(trade(T0 + 5 * 60_000));
    expect(agg.snapshot('AAPL', '1m').map(brief)).toEqual(['1m@0 closed', '1m@300000']);
  });

  it('closes a bar on the day boundary (1d)', () => {
    const agg = only('1d');
    const midnight = Date.UTC(2026, 10, 23);
    agg.onTrade(trade(midnight - 1, 100));
    const changes = agg.onTrade(trade(midnight, 110));
    expect(changes.map((c) => [new Date(c.start).toISOString(), c.closed])).toEqual([
      ['2026-11-22T00:00:00.000Z', true],
      ['2026-11-23T00:00:00.000Z', false],
    ]);
  });

  describe('on the clock (virtual time)', () => {
    it('closes an open bar once the clock passes its end by the grace, not before', () => {
      const clock = new VirtualClock(T0);
      const agg = only('1s');
      const emitted: Candle[] = [];
      const stop = every(clock, 100, () => emitted.push(...agg.onClock(clock.now())));
      emitted.push(...agg.onTrade(trade(clock.now() + 250)));
      clock.advance(1_999);
      expect(emitted.filter((c) => c.closed)).toEqual([]);
      clock.advance(1);
      expect(emitted.at(-1)).toMatchObject({ start: T0, closed: true, trades: 1 });
      expect(clock.now()).toBe(T0 + 1_000 + DEFAULT_CANDLE_CLOSE_GRACE_MS);
      expect(agg.openBar('AAPL', '1s')).toBeUndefined();
      clock.advance(10_000);
      expect(emitted.filter((c) => c.closed)).toHaveLength(1);
      stop();
    });

    it.each(CANDLE_INTERVALS)('closes a %s bar at its UTC end + grace', (interval) => {
      const agg = only(interval, { closeGraceMs: 500 });
      agg.onTrade(trade(T0 + 1));
      const end = candleStartOf(T0 + 1, interval) + CANDLE_INTERVAL_MS[interval];
      expect(agg.onClock(end + 499)).toEqual([]);
      expect(agg.onClock(end + 500)).toEqual([
        expect.objectContaining({
          interval,
          start: end - CANDLE_INTERVAL_MS[interval],
          closed: true,
        }),
      ]);
    });

    it('closes whichever comes first: a later trade before the grace ends', () => {
      const agg = only('1s');
      agg.onTrade(trade(T0));
      expect(agg.onTrade(trade(T0 + 1_200)).map(brief)).toEqual(['1s@0 closed', '1s@1000']);
      expect(agg.onClock(T0 + 2_000)).toEqual([]);
      expect(agg.onClock(T0 + 3_000).map(brief)).toEqual(['1s@1000 closed']);
    });

    it('closes the bars of every symbol', () => {
      const agg = only('1s');
      agg.onTrade(trade(T0, 1, 1, 'AAPL'));
      agg.onTrade(trade(T0, 1, 1, 'MSFT'));
      expect(agg.onClock(T0 + 5_000).map((c) => c.symbol)).toEqual(['AAPL', 'MSFT']);
    });
  });

  describe('late trades', () => {
    it('never reopens a bar closed by the clock', () => {
      const agg = only('1s');
      agg.onTrade(trade(T0, 100));
      agg.onClock(T0 + 2_000);
      expect(agg.onTrade(trade(T0 + 999, 50))).toEqual([]);
      expect(agg.late['1s']).toBe(1);
      expect(agg.snapshot('AAPL', '1s')).toEqual([
        expect.objectContaining({ start: T0, low: 100, trades: 1, closed: true }),
      ]);
    });

    it('never reopens a bar closed by a later trade', () => {
      const agg = only('1m');
      agg.onTrade(trade(T0));
      agg.onTrade(trade(T0 + 60_000));
      expect(agg.onTrade(trade(T0 + 30_000))).toEqual([]);
      expect(agg.late['1m']).toBe(1);
    });

    it('counts a trade late only for the intervals whose open bar it predates', () => {
      const agg = new CandleAggregator({ intervals: ['1s', '1m'] });
      agg.onTrade(trade(T0 + 5_000, 100));
      const changes = agg.onTrade(trade(T0 + 1_000, 90));
      expect(changes.map(brief)).toEqual(['1m@0']);
      expect(changes[0]).toMatchObject({ low: 90, close: 90, trades: 2 });
      expect(agg.late).toMatchObject({ '1s': 1, '1m': 0 });
    });

    it('opens a bar for a past trade when none is closed yet (a replay rebuilds bars)', () => {
      const agg = only('1m');
      agg.onClock(T0 + 3_600_000);
      expect(agg.onTrade(trade(T0)).map(brief)).toEqual(['1m@0']);
      expect(agg.late['1m']).toBe(0);
    });
  });

  describe('snapshot', () => {
    it('holds the last `history` closed bars oldest first, then the open bar', () => {
      const agg = only('1s');
      for (let i = 0; i < 6; i++) agg.onTrade(trade(T0 + i * 1_000));
      expect(agg.snapshot('AAPL', '1s', 2).map(brief)).toEqual([
        '1s@3000 closed',
        '1s@4000 closed',
        '1s@5000',
      ]);
      expect(agg.snapshot('AAPL', '1s', 0).map(brief)).toEqual(['1s@5000']);
      expect(agg.snapshot('AAPL', '1s')).toHaveLength(6);
    });

    it('has no open bar after the clock closed it', () => {
      const agg = only('1s');
      agg.onTrade(trade(T0));
      agg.onClock(T0 + 10_000);
      expect(agg.snapshot('AAPL', '1s').map(brief)).toEqual(['1s@0 closed']);
    });

    it('retains at most historySize closed bars', () => {
      const agg = only('1s', { historySize: 3 });
      for (let i = 0; i < 10; i++) agg.onTrade(trade(T0 + i * 1_000));
      expect(agg.snapshot('AAPL', '1s', 1000).map(brief)).toEqual([
        '1s@6000 closed',
        '1s@7000 closed',
        '1s@8000 closed',
        '1s@9000',
      ]);
    });

    it('is empty for an unknown symbol or an interval not built', () => {
      const agg = only('1m');
      agg.onTrade(trade(T0));
      expect(agg.snapshot('NOPE', '1m')).toEqual([]);
      expect(agg.snapshot('AAPL', '1h')).toEqual([]);
      expect(agg.openBar('AAPL', '1h')).toBeUndefined();
    });
  });

  it.each([
    [{ historySize: 0 }],
    [{ historySize: 2.5 }],
    [{ closeGraceMs: -1 }],
    [{ closeGraceMs: Number.NaN }],
  ])('refuses options %p', (options) => {
    expect(() => new CandleAggregator(options)).toThrow(RangeError);
  });
});
