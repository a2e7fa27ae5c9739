import type { Candle } from '../../market/candle.js';
import {
  ChannelHarness,
  HARNESS_BATCH_MS,
  HARNESS_OPTIONS,
  type HarnessSession,
} from '../testing/channel-harness.js';

/** 2026-11-22T12:00:00.000Z: a multiple of every interval up to 1h. */
const T0 = Date.UTC(2026, 10, 22, 12);

function candlesOf(session: HarnessSession): Candle[] {
  return session
    .messages()
    .flatMap((m) =>
      (m.type === 'snapshot' || m.type === 'update') && m.channel === 'candles' ? m.data : [],
    );
}

describe('CandleFeed (virtual time)', () => {
  let h: ChannelHarness;
  let seq = 0;
  /** A trade stamped now (the clock's time). */
  const trade = (price: number, symbol = 'AAPL'): void => {
    seq++;
    const t = {
      symbol,
      seq,
      tradeId: String(seq),
      ts: h.clock.now(),
      price,
      size: 0.1,
      side: 'buy' as const,
    };
    if (h.trades.accept(t)) h.candles.onTrade(t);
  };

  beforeEach(() => {
    h = new ChannelHarness({ closeGraceMs: 500 });
    h.clock.advance(T0 - h.clock.now());
  });

  it('cuts bars on UTC boundaries and sends the closed bar at once, whatever the throttle, before the next bar', () => {
    const fast = h.connect();
    const slow = h.connect();
    h.subscribeCandles(fast.session, 'AAPL', '1m', 0);
    h.subscribeCandles(slow.session, 'AAPL', '1m', 30_000);
    for (let s = 0; s < 150; s++) {
      trade(100 + s);
      h.clock.advance(1000);
    }
    const closedFast = candlesOf(fast).filter((c) => c.closed);
    const closedSlow = candlesOf(slow).filter((c) => c.closed);
    expect(closedFast.map((c) => c.start)).toEqual([T0, T0 + 60_000]);
    expect(closedSlow).toEqual(closedFast);
    expect(closedFast[0]).toMatchObject({
      open: 100,
      close: 159,
      high: 159,
      low: 100,
      trades: 60,
      volume: 6,
    });
    for (const candles of [candlesOf(fast), candlesOf(slow)]) {
      const closedAt = candles.findIndex((c) => c.closed && c.start === T0);
      const nextFirst = candles.findIndex((c) => c.start === T0 + 60_000);
      expect(closedAt).toBeLessThan(nextFirst);
      expect(candles.slice(closedAt + 1).every((c) => c.start > T0)).toBe(true);
    }
    // Throttled: the open bar at most once per 30 s window, newest value winning.
    const slowOpen = candlesOf(slow).filter((c) => !c.closed);
    expect(slowOpen.length).toBeLessThanOrEqual(6);
    expect(candlesOf(fast).filter((c) => !c.closed).length).toBe(150);
  });

  it('unthrottled: every state of the open bar, at most one entry per bar in a frame', () => {
    const client = h.connect();
    h.subscribeCandles(client.session, 'AAPL', '1s', 0);
    // Three trades within one batch, the last closing the first bar.
    trade(1);
    trade(2);
    h.clock.advance(1000);
    trade(3);
    h.clock.advance(HARNESS_BATCH_MS);
    const frames = client
      .messages()
      .flatMap((m) => (m.type === 'update' && m.channel === 'candles' ? [m.data] : []));
    for (const frame of frames) {
      expect(new Set(frame.map((c) => c.start)).size).toBe(frame.length);
    }
    expect(frames.flat().map((c) => [c.start - T0, c.close, c.closed])).toEqual([
      [0, 1, false],
      [0, 2, false],
      [0, 2, true],
      [1000, 3, false],
    ]);
  });

  it('within the throttle the newest state of the open bar wins', () => {
    const client = h.connect();
    h.subscribeCandles(client.session, 'AAPL', '1h', 1000);
    for (let i = 1; i <= 100; i++) {
      trade(i);
      h.clock.advance(5);
    }
    h.clock.advance(1000);
    const opens = candlesOf(client);
    expect(opens.length).toBeLessThanOrEqual(2);
    expect(opens.at(-1)).toMatchObject({ close: 100, trades: 100, closed: false });
    expect(h.stats.channels.candles.conflated).toBeGreaterThan(90);
  });

  it('the clock closes a quiet bar grace ms after its end', () => {
    const client = h.connect();
    h.subscribeCandles(client.session, 'AAPL', '1s', 5000);
    trade(10);
    h.clock.advance(1000 + 499);
    h.candles.onClock(h.clock.now());
    h.clock.advance(HARNESS_BATCH_MS);
    expect(candlesOf(client).some((c) => c.closed)).toBe(false);
    h.clock.advance(1);
    h.candles.onClock(h.clock.now());
    h.clock.advance(HARNESS_BATCH_MS);
    expect(candlesOf(client).filter((c) => c.closed)).toEqual([
      expect.objectContaining({ start: T0, close: 10, closed: true }),
    ]);
  });

  it('snapshot: the last `history` closed bars, oldest first, then the open bar', () => {
    for (let m = 0; m < 5; m++) {
      trade(m);
      h.clock.advance(60_000);
    }
    trade(99);
    const client = h.connect();
    h.subscribeCandles(client.session, 'AAPL', '1m', 0, 3);
    expect(client.messages()).toEqual([
      {
        type: 'snapshot',
        channel: 'candles',
        data: [
          expect.objectContaining({ start: T0 + 2 * 60_000, closed: true }),
          expect.objectContaining({ start: T0 + 3 * 60_000, closed: true }),
          expect.objectContaining({ start: T0 + 4 * 60_000, closed: true }),
          expect.objectContaining({ start: T0 + 5 * 60_000, close: 99, closed: false }),
        ],
      },
    ]);
  });

  it('a client that stalls keeps every closed bar (never conflated) and only the newest open one', () => {
    // A grace period longer than the stall, so it is not closed meanwhile.
    h = new ChannelHarness({ closeGraceMs: 500 }, { ...HARNESS_OPTIONS, graceMs: 60_000 });
    h.clock.advance(T0 - h.clock.now());
    const client = h.connect();
    h.subscribeCandles(client.session, 'AAPL', '1s', 0);
    client.socket.stall();
    // Enough unsent bytes to fall behind, then bars keep closing.
    for (let i = 0; i < 400; i++) {
      trade(i);
      h.clock.advance(50);
    }
    expect(client.session.isLagging).toBe(true);
    const sentBefore = candlesOf(client).length;
    client.socket.read();
    h.clock.advance(100);
    const closed = candlesOf(client).filter((c) => c.closed);
    expect(closed.map((c) => c.start)).toEqual(Array.from({ length: 19 }, (_, i) => T0 + i * 1000));
    expect(candlesOf(client).length).toBeLessThan(sentBefore + 400);
    const last = candlesOf(client).at(-1)!;
    expect(last).toMatchObject({ start: T0 + 19_000, close: 399, closed: false });
  });
});
