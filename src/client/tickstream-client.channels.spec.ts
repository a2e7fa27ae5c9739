import { bookChecksum } from '../market/book-checksum.js';
import type { BookEntry, BookLevel } from '../market/book-level.js';
import type { Candle } from '../market/candle.js';
import type { Trade } from '../market/trade.js';
import { Channel } from '../protocol/index.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import type { BookMismatch, BookUpdate } from './book-keeper.js';
import { CandleSeries } from './candle-series.js';
import { FakeWebSocket } from './testing/fake-websocket.js';
import { TickstreamClient } from './tickstream-client.js';
import type { TradeGap } from './trade-sequencer.js';

const ALL_CHANNELS = [Channel.TICKER, Channel.TRADES, Channel.CANDLES, Channel.BOOK];

const trade = (seq: number, symbol = 'BTC-USD'): Trade => ({
  symbol,
  seq,
  tradeId: `t${seq}`,
  ts: 1_000 + seq,
  price: 100 + seq / 100,
  size: 0.5,
  side: seq % 2 === 0 ? 'buy' : 'sell',
});

const candle = (minute: number, close: number, closed: boolean): Candle => ({
  symbol: 'AAPL',
  interval: '1m',
  start: minute * 60_000,
  open: 100,
  high: 110,
  low: 90,
  close,
  volume: 5,
  trades: 3,
  closed,
});

interface Levels {
  bids: BookLevel[];
  asks: BookLevel[];
}
/** A `book` entry carrying `change`, whose checksum is that of the book `after`. */
const bookEntry = (seq: number, change: Partial<Levels>, after: Levels): BookEntry => ({
  symbol: 'XYZ',
  seq,
  ts: 5_000 + seq,
  bids: change.bids ?? [],
  asks: change.asks ?? [],
  checksum: bookChecksum(after.asks, after.bids),
});
const BOOK: Levels = {
  bids: [['101.40', '3.000']],
  asks: [
    ['101.50', '2.000'],
    ['101.60', '1.000'],
  ],
};
const BOOK_AFTER_UPDATE: Levels = {
  bids: [
    ['101.45', '1.000'],
    ['101.40', '3.000'],
  ],
  asks: [['101.60', '1.000']],
};
const UPDATE_CHANGE: Partial<Levels> = {
  bids: [['101.45', '1.000']],
  asks: [['101.50', '0']],
};

/** Lets promise callbacks run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('TickstreamClient channels', () => {
  let clock: VirtualClock;
  let client: TickstreamClient;

  beforeEach(() => {
    FakeWebSocket.reset();
    clock = new VirtualClock();
    client = new TickstreamClient({
      url: 'ws://127.0.0.1:1/v1/stream',
      WebSocket: FakeWebSocket,
      clock,
      random: () => 0,
      requestTimeoutMs: 1000,
      backoff: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5, resetAfterMs: 5000 },
    });
  });

  const connected = async (sessionId = 's1'): Promise<FakeWebSocket> => {
    const welcome = client.connect();
    FakeWebSocket.last.accept(sessionId, 1000, ALL_CHANNELS);
    await welcome;
    return FakeWebSocket.last;
  };

  /** Drops the connection with 1006 and accepts the reconnect after the 100 ms backoff. */
  const reconnected = async (sessionId: string): Promise<FakeWebSocket> => {
    FakeWebSocket.last.drop(1006);
    clock.advance(100);
    FakeWebSocket.last.accept(sessionId, 1000, ALL_CHANNELS);
    await settle();
    return FakeWebSocket.last;
  };

  /** Subscribes and lets the fake server acknowledge with the request's own parameters. */
  const subscribed = async (
    socket: FakeWebSocket,
    subscription: Parameters<TickstreamClient['subscribe']>[0],
  ): Promise<void> => {
    const done = client.subscribe(subscription as never);
    const request = socket.requests().at(-1);
    if (request?.op !== 'subscribe') throw new Error('no subscribe was sent');
    const { channel, symbols, throttleMs, interval, history, depth } = request;
    socket.reply('subscribe', {
      type: 'subscribed',
      channel: channel ?? 'ticker',
      symbols,
      throttleMs: throttleMs ?? 0,
      ...(interval === undefined ? {} : { interval, history: history ?? 100 }),
      ...(depth === undefined ? {} : { depth }),
    });
    await done;
  };

  it('sends each channel subscribe with its parameters and restores them after a reconnect', async () => {
    const socket = await connected();
    await subscribed(socket, { channel: 'ticker', symbols: ['AAPL'], throttleMs: 250 });
    await subscribed(socket, { channel: 'trades', symbols: ['BTC-USD'] });
    await subscribed(socket, {
      channel: 'candles',
      symbols: ['AAPL'],
      interval: '1m',
      history: 20,
      throttleMs: 500,
    });
    await subscribed(socket, { channel: 'book', symbols: ['XYZ'], depth: 25, throttleMs: 100 });
    expect(socket.requests()).toEqual([
      { op: 'subscribe', channel: 'ticker', symbols: ['AAPL'], throttleMs: 250, id: 1 },
      { op: 'subscribe', channel: 'trades', symbols: ['BTC-USD'], id: 2 },
      {
        op: 'subscribe',
        channel: 'candles',
        symbols: ['AAPL'],
        interval: '1m',
        history: 20,
        throttleMs: 500,
        id: 3,
      },
      { op: 'subscribe', channel: 'book', symbols: ['XYZ'], depth: 25, throttleMs: 100, id: 4 },
    ]);
    expect(client.held().map((h) => `${h.channel}:${h.symbol}`)).toEqual([
      'ticker:AAPL',
      'trades:BTC-USD',
      'candles:AAPL',
      'book:XYZ',
    ]);
    expect([...client.subscribed]).toEqual([['AAPL', 250]]);

    socket.deliver({ type: 'update', channel: 'trades', data: [trade(41)] });
    const second = await reconnected('s2');
    expect(second.requests()).toEqual([
      { op: 'subscribe', symbols: ['AAPL'], throttleMs: 250, id: expect.any(Number) },
      {
        op: 'subscribe',
        channel: 'trades',
        symbols: ['BTC-USD'],
        since: { 'BTC-USD': 41 },
        id: expect.any(Number),
      },
      {
        op: 'subscribe',
        channel: 'candles',
        symbols: ['AAPL'],
        interval: '1m',
        history: 20,
        throttleMs: 500,
        id: expect.any(Number),
      },
      {
        op: 'subscribe',
        channel: 'book',
        symbols: ['XYZ'],
        depth: 25,
        throttleMs: 100,
        id: expect.any(Number),
      },
    ]);
  });

  it('unsubscribes per channel; a candle interval alone or every interval', async () => {
    const socket = await connected();
    await subscribed(socket, { channel: 'candles', symbols: ['AAPL'], interval: '1m' });
    await subscribed(socket, { channel: 'candles', symbols: ['AAPL'], interval: '5m' });
    const one = client.unsubscribe({ channel: 'candles', symbols: ['AAPL'], interval: '1m' });
    socket.reply('unsubscribe', {
      type: 'unsubscribed',
      channel: 'candles',
      symbols: ['AAPL'],
      interval: '1m',
    });
    await one;
    expect(client.held().map((h) => h.interval)).toEqual(['5m']);
    const all = client.unsubscribe({ channel: 'candles', symbols: ['AAPL'] });
    socket.reply('unsubscribe', { type: 'unsubscribed', channel: 'candles', symbols: ['AAPL'] });
    await all;
    expect(client.held()).toEqual([]);
    expect(socket.requests().slice(-2)).toEqual([
      { op: 'unsubscribe', channel: 'candles', symbols: ['AAPL'], interval: '1m', id: 3 },
      { op: 'unsubscribe', channel: 'candles', symbols: ['AAPL'], id: 4 },
    ]);
  });

  describe('trades', () => {
    let seen: number[];
    let gaps: TradeGap[];
    beforeEach(() => {
      seen = [];
      gaps = [];
      client.on('trade', (t) => seen.push(t.seq));
      client.on('tradeGap', (g) => gaps.push(g));
    });

    it('emits trades in seq order, drops repeats and reports a gap before the trade after it', async () => {
      const socket = await connected();
      await subscribed(socket, { channel: 'trades', symbols: ['BTC-USD'] });
      const order: string[] = [];
      client.on('tradeGap', (g) => order.push(`gap ${g.lastSeq}->${g.seq}`));
      client.on('trade', (t) => order.push(`trade ${t.seq}`));
      socket.deliver({ type: 'snapshot', channel: 'trades', data: [trade(1), trade(2)] });
      socket.deliver({ type: 'update', channel: 'trades', data: [trade(2), trade(3), trade(6)] });
      expect(seen).toEqual([1, 2, 3, 6]);
      expect(gaps).toEqual([{ symbol: 'BTC-USD', reason: 'gap', lastSeq: 3, seq: 6, missing: 2 }]);
      expect(order.slice(-2)).toEqual(['gap 3->6', 'trade 6']);
      expect(client.lastTradeSeq('BTC-USD')).toBe(6);
    });

    it('resumes after a reconnect from the last seq and drops an overlapping resumption', async () => {
      const socket = await connected();
      await subscribed(socket, { channel: 'trades', symbols: ['BTC-USD', 'ETH-USD'] });
      socket.deliver({ type: 'update', channel: 'trades', data: [trade(10), trade(11)] });
      const second = await reconnected('s2');
      expect(second.requests()[0]).toMatchObject({
        channel: 'trades',
        symbols: ['BTC-USD', 'ETH-USD'],
        since: { 'BTC-USD': 11 },
      });
      second.deliver({
        type: 'snapshot',
        channel: 'trades',
        data: [trade(11), trade(12), trade(13)],
      });
      second.deliver({ type: 'update', channel: 'trades', data: [trade(13), trade(14)] });
      expect(seen).toEqual([10, 11, 12, 13, 14]);
      expect(gaps).toEqual([]);
    });

    it('reports a truncated resumption as such', async () => {
      const socket = await connected();
      await subscribed(socket, { channel: 'trades', symbols: ['BTC-USD'] });
      socket.deliver({ type: 'update', channel: 'trades', data: [trade(10)] });
      const second = await reconnected('s2');
      second.deliver({
        type: 'snapshot',
        channel: 'trades',
        data: [trade(2000), trade(2001)],
        truncated: ['BTC-USD'],
      });
      expect(gaps).toEqual([
        { symbol: 'BTC-USD', reason: 'truncated', lastSeq: 10, seq: 2000, missing: 1989 },
      ]);
      expect(seen).toEqual([10, 2000, 2001]);
    });

    it('passes a given since and resumes from it; unsubscribing forgets the symbol', async () => {
      const socket = await connected();
      await subscribed(socket, {
        channel: 'trades',
        symbols: ['BTC-USD'],
        since: { 'BTC-USD': 1200 },
      });
      expect(socket.requests()[0]).toMatchObject({ since: { 'BTC-USD': 1200 } });
      socket.deliver({ type: 'snapshot', channel: 'trades', data: [trade(1200), trade(1202)] });
      expect(seen).toEqual([1202]);
      expect(gaps).toMatchObject([{ lastSeq: 1200, seq: 1202, missing: 1 }]);

      const done = client.unsubscribe({ channel: 'trades', symbols: ['BTC-USD'] });
      socket.reply('unsubscribe', {
        type: 'unsubscribed',
        channel: 'trades',
        symbols: ['BTC-USD'],
      });
      await done;
      expect(client.lastTradeSeq('BTC-USD')).toBeUndefined();
    });
  });

  it('emits every candle entry, which a CandleSeries turns into bars', async () => {
    const socket = await connected();
    await subscribed(socket, { channel: 'candles', symbols: ['AAPL'], interval: '1m' });
    const series = new CandleSeries('AAPL', '1m');
    client.on('candle', (c) => series.apply(c));
    socket.deliver({
      type: 'snapshot',
      channel: 'candles',
      data: [candle(1, 101, true), candle(2, 102, false)],
    });
    socket.deliver({
      type: 'update',
      channel: 'candles',
      data: [candle(2, 103, false), candle(2, 104, true), candle(3, 105, false)],
    });
    expect(series.bars.map((b) => [b.start / 60_000, b.close, b.closed])).toEqual([
      [1, 101, true],
      [2, 104, true],
      [3, 105, false],
    ]);
  });

  describe('book', () => {
    let updates: BookUpdate[];
    let mismatches: BookMismatch[];
    beforeEach(() => {
      updates = [];
      mismatches = [];
      client.on('book', (u) => updates.push(u));
      client.on('bookMismatch', (m) => mismatches.push(m));
    });

    const bookSubscribed = async (): Promise<FakeWebSocket> => {
      const socket = await connected();
      await subscribed(socket, { channel: 'book', symbols: ['XYZ'], depth: 10, throttleMs: 100 });
      socket.deliver({ type: 'snapshot', channel: 'book', data: [bookEntry(1, BOOK, BOOK)] });
      return socket;
    };

    /** The update that does not lead to the checksum it carries. */
    const badUpdate = (seq: number): BookEntry => ({
      ...bookEntry(seq, UPDATE_CHANGE, BOOK_AFTER_UPDATE),
      checksum: 1,
    });

    it('applies the snapshot and updates, checksum verified, and replaces it on a fresh snapshot', async () => {
      const socket = await bookSubscribed();
      socket.deliver({
        type: 'update',
        channel: 'book',
        data: [bookEntry(2, UPDATE_CHANGE, BOOK_AFTER_UPDATE)],
      });
      expect(updates.map((u) => [u.kind, u.book.seq])).toEqual([
        ['snapshot', 1],
        ['update', 2],
      ]);
      expect(updates[1]?.changed).toEqual(UPDATE_CHANGE);
      expect(client.book('XYZ')).toMatchObject({ ...BOOK_AFTER_UPDATE, synced: true, depth: 10 });

      const fresh: Levels = { bids: [['90.00', '1.000']], asks: [['91.00', '2.000']] };
      socket.deliver({ type: 'snapshot', channel: 'book', data: [bookEntry(50, fresh, fresh)] });
      expect(client.book('XYZ')).toMatchObject({ ...fresh, seq: 50, synced: true });
      expect(mismatches).toEqual([]);
    });

    it('on a mismatch reports it, ignores updates, resubscribes with the same parameters and syncs on the new snapshot', async () => {
      const socket = await bookSubscribed();
      socket.deliver({ type: 'update', channel: 'book', data: [badUpdate(2)] });
      expect(mismatches).toEqual([
        { symbol: 'XYZ', seq: 2, expected: 1, actual: expect.any(Number) },
      ]);
      expect(client.book('XYZ')?.synced).toBe(false);
      expect(socket.requests().at(-1)).toEqual({
        op: 'unsubscribe',
        channel: 'book',
        symbols: ['XYZ'],
        id: expect.any(Number),
      });
      // More bad frames while resyncing: ignored, no second resync.
      socket.deliver({ type: 'update', channel: 'book', data: [badUpdate(3)] });
      expect(mismatches).toHaveLength(1);

      socket.reply('unsubscribe', { type: 'unsubscribed', channel: 'book', symbols: ['XYZ'] });
      await settle();
      expect(socket.requests().at(-1)).toEqual({
        op: 'subscribe',
        channel: 'book',
        symbols: ['XYZ'],
        depth: 10,
        throttleMs: 100,
        id: expect.any(Number),
      });
      socket.reply('subscribe', {
        type: 'subscribed',
        channel: 'book',
        symbols: ['XYZ'],
        depth: 10,
        throttleMs: 100,
      });
      await settle();
      socket.deliver({ type: 'snapshot', channel: 'book', data: [bookEntry(4, BOOK, BOOK)] });
      expect(client.book('XYZ')).toMatchObject({ ...BOOK, seq: 4, synced: true });
      expect(updates.map((u) => u.book.seq)).toEqual([1, 4]);
      expect(client.held().map((h) => h.channel)).toEqual(['book']);
    });

    it('a book that mismatches again before a clean update is resynced after the backoff', async () => {
      const socket = await bookSubscribed();
      const resync = async (): Promise<void> => {
        socket.reply('unsubscribe', { type: 'unsubscribed', channel: 'book', symbols: ['XYZ'] });
        await settle();
        socket.reply('subscribe', {
          type: 'subscribed',
          channel: 'book',
          symbols: ['XYZ'],
          depth: 10,
          throttleMs: 100,
        });
        await settle();
      };
      const unsubscribes = (): number =>
        socket.requests().filter((r) => r.op === 'unsubscribe').length;

      socket.deliver({ type: 'update', channel: 'book', data: [badUpdate(2)] });
      expect(unsubscribes()).toBe(1);
      await resync();
      socket.deliver({ type: 'snapshot', channel: 'book', data: [badUpdate(3)] });
      expect(mismatches).toHaveLength(2);
      expect(unsubscribes()).toBe(1);
      clock.advance(99);
      expect(unsubscribes()).toBe(1);
      clock.advance(1);
      expect(unsubscribes()).toBe(2);
    });

    it('does not subscribe a book again that the user dropped during its resync', async () => {
      const socket = await bookSubscribed();
      socket.deliver({ type: 'update', channel: 'book', data: [badUpdate(2)] });
      const dropped = client.unsubscribe({ channel: 'book', symbols: ['XYZ'] });
      expect(client.book('XYZ')).toBeUndefined();
      for (let i = 0; i < 2; i++) {
        socket.deliver({
          type: 'unsubscribed',
          id: socket.requests().filter((r) => r.op === 'unsubscribe')[i]?.id,
          channel: 'book',
          symbols: ['XYZ'],
        });
        await settle();
      }
      await dropped;
      expect(socket.requests().filter((r) => r.op === 'subscribe')).toHaveLength(1);
      expect(client.held()).toEqual([]);
    });

    it('after a reconnect ignores updates until the resubscription snapshot', async () => {
      await bookSubscribed();
      const second = await reconnected('s2');
      expect(client.book('XYZ')?.synced).toBe(false);
      second.reply('subscribe', {
        type: 'subscribed',
        channel: 'book',
        symbols: ['XYZ'],
        depth: 10,
        throttleMs: 100,
      });
      second.deliver({
        type: 'update',
        channel: 'book',
        data: [bookEntry(7, UPDATE_CHANGE, BOOK_AFTER_UPDATE)],
      });
      expect(mismatches).toEqual([]);
      second.deliver({ type: 'snapshot', channel: 'book', data: [bookEntry(8, BOOK, BOOK)] });
      expect(client.book('XYZ')).toMatchObject({ seq: 8, synced: true });
    });
  });
});
