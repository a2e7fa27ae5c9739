import { ChannelChecker } from '../load/lib/channel-checks.js';
import { bookChecksum } from '../src/market/book-checksum.js';
import type { BookLevel } from '../src/market/book-level.js';
import type { Candle } from '../src/market/candle.js';
import type { Trade } from '../src/market/trade.js';

/**
 * The k6 scripts' per-channel invariants (load/lib/channel-checks.js) on crafted frames: each
 * breach of the contract is reported under its kind, and a well-behaved stream reports nothing.
 */
describe('load/lib/channel-checks.js', () => {
  let reports: string[];
  let checker: ChannelChecker;
  beforeEach(() => {
    reports = [];
    checker = new ChannelChecker({
      seq: (kind) => reports.push(`seq:${kind}`),
      order: (kind) => reports.push(kind),
      checksum: () => reports.push('checksum'),
    });
  });

  const trade = (seq: number): Trade => ({
    symbol: 'BTC-USD',
    seq,
    tradeId: `t${seq}`,
    ts: 1000 + seq,
    price: 66843.76,
    size: 0.012,
    side: 'buy',
  });
  const trades = (
    type: 'snapshot' | 'update',
    data: Array<number | object>,
    truncated?: string[],
  ): object => ({
    type,
    channel: 'trades',
    data: data.map((t) => (typeof t === 'number' ? trade(t) : t)),
    ...(truncated ? { truncated } : {}),
  });

  it('trades: +1 per symbol across frames; a jump is reported unless truncated', () => {
    checker.frame(trades('snapshot', [1, 2, 3]));
    checker.frame(trades('update', [4, 5]));
    expect(reports).toEqual([]);
    checker.frame(trades('update', [7]));
    checker.frame(trades('update', [7]));
    expect(reports).toEqual(['seq:trades', 'seq:trades']);

    reports.length = 0;
    checker.resumeTrades('BTC-USD', 100);
    checker.frame(trades('snapshot', [500, 501], ['BTC-USD']));
    expect(reports).toEqual([]);
    checker.frame(trades('update', [{ ...trade(502), side: 'up' }]));
    expect(reports).toEqual(['bad_trade']);
  });

  const bar = (second: number, closed: boolean, start = second * 1000): Candle => ({
    symbol: 'AAPL',
    interval: '1s',
    start,
    open: 10,
    high: 12,
    low: 9,
    close: 11,
    volume: 5,
    trades: 2,
    closed,
  });
  const candles = (...data: Candle[]): object => ({ type: 'update', channel: 'candles', data });

  it('candles: aligned, one entry per bar in a frame, closed before the next, final once closed', () => {
    checker.frame({ type: 'snapshot', channel: 'candles', data: [bar(1, true), bar(2, false)] });
    checker.frame(candles(bar(2, true), bar(3, false)));
    expect(reports).toEqual([]);
    checker.frame(candles(bar(3, false), bar(3, false)));
    expect(reports).toEqual(['candle_repeated']);
    checker.frame(candles(bar(4, false)));
    checker.frame(candles(bar(4, true), bar(4, true)));
    checker.frame(candles(bar(3, true)));
    checker.frame(candles(bar(5, false, 5500)));
    checker.frame(candles({ ...bar(6, false), high: 1 }));
    expect(reports).toEqual([
      'candle_repeated',
      'candle_not_closed',
      'candle_repeated',
      'candle_after_close',
      'candle_order',
      'candle_unaligned',
      'bad_candle',
    ]);
  });

  const BIDS: BookLevel[] = [['101.40', '3.000']];
  const ASKS: BookLevel[] = [
    ['101.50', '2.000'],
    ['101.60', '1.000'],
  ];
  const book = (
    type: 'snapshot' | 'update',
    seq: number,
    bids: BookLevel[],
    asks: BookLevel[],
    checksum: number,
  ): object => ({
    type,
    channel: 'book',
    data: [{ symbol: 'XYZ', seq, ts: 1, bids, asks, checksum }],
  });

  it('book: the checksum after every entry, a mismatch counted once until the next snapshot', () => {
    checker.subscribed({ type: 'subscribed', channel: 'book', symbols: ['XYZ'], depth: 10 });
    checker.frame(book('snapshot', 1, BIDS, ASKS, 3419162938));
    const after: BookLevel[] = [['101.45', '1.000'], ...BIDS];
    checker.frame(book('update', 2, [['101.45', '1.000']], [], bookChecksum(ASKS, after)));
    expect(reports).toEqual([]);
    checker.frame(book('update', 3, [['101.46', '1.000']], [], 42));
    checker.frame(book('update', 4, [['101.47', '1.000']], [], 43));
    expect(reports).toEqual(['checksum']);
    checker.frame(book('snapshot', 5, BIDS, ASKS, 3419162938));
    checker.frame(
      book('update', 6, [], [['101.50', '0']], bookChecksum([['101.60', '1.000']], BIDS)),
    );
    expect(reports).toEqual(['checksum']);
    expect(checker.stats).toMatchObject({ bookEntries: 6, mismatches: 1 });
  });

  it('book: a crossed or unsorted snapshot is reported', () => {
    const crossed: BookLevel[] = [['101.55', '1.000']];
    checker.frame(book('snapshot', 1, crossed, ASKS, bookChecksum(ASKS, crossed)));
    const unsorted: BookLevel[] = [...ASKS].reverse();
    checker.frame(book('snapshot', 2, BIDS, unsorted, bookChecksum(ASKS, BIDS)));
    expect(reports).toEqual(['book_crossed', 'book_unsorted']);
  });
});
