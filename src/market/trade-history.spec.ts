import fc from 'fast-check';
import type { Trade } from './trade.js';
import { DEFAULT_TRADES_HISTORY, DEFAULT_TRADES_SNAPSHOT, TradeHistory } from './trade-history.js';

const T0 = Date.UTC(2026, 10, 22, 14, 30);

function trade(seq: number, overrides: Partial<Trade> = {}): Trade {
  return {
    symbol: 'BTC-USD',
    seq,
    tradeId: `t${seq}`,
    ts: T0 + seq,
    price: 66_843.76,
    size: 0.012,
    side: 'buy',
    ...overrides,
  };
}

function seqs(trades: readonly Trade[]): number[] {
  return trades.map((t) => t.seq);
}

function filled(from: number, to: number, history = new TradeHistory()): TradeHistory {
  for (let seq = from; seq <= to; seq++) history.append(trade(seq));
  return history;
}

describe('TradeHistory', () => {
  it('defaults to the contract: 1000 retained, 50 in a snapshot', () => {
    expect(DEFAULT_TRADES_HISTORY).toBe(1000);
    expect(DEFAULT_TRADES_SNAPSHOT).toBe(50);
    const history = filled(1, 1200);
    expect(history.since('BTC-USD', 0).trades).toHaveLength(1000);
    expect(seqs(history.snapshot('BTC-USD').trades)).toEqual(
      Array.from({ length: 50 }, (_, i) => 1151 + i),
    );
  });

  it('appends consecutive trades', () => {
    const history = new TradeHistory();
    expect(history.append(trade(7))).toEqual({ kind: 'appended' });
    expect(history.append(trade(8))).toEqual({ kind: 'appended' });
    expect(history.newestSeq('BTC-USD')).toBe(8);
    expect(history.stats).toEqual({ gaps: 0, missing: 0, duplicates: 0, restarts: 0 });
  });

  it('keeps symbols apart', () => {
    const history = filled(1, 3);
    history.append(trade(1, { symbol: 'ETH-USD' }));
    expect(seqs(history.last('BTC-USD', 10))).toEqual([1, 2, 3]);
    expect(seqs(history.last('ETH-USD', 10))).toEqual([1]);
    expect([...history.symbols()]).toEqual(['BTC-USD', 'ETH-USD']);
  });

  it('accepts a forward jump and reports it as a gap', () => {
    const history = filled(1, 3);
    expect(history.append(trade(7))).toEqual({ kind: 'gap', missing: 3 });
    expect(seqs(history.last('BTC-USD', 10))).toEqual([1, 2, 3, 7]);
    expect(history.stats).toMatchObject({ gaps: 1, missing: 3 });
  });

  it('drops a redelivered trade without touching the history', () => {
    const history = filled(1, 5);
    expect(history.append(trade(3))).toEqual({ kind: 'duplicate' });
    expect(history.append(trade(5))).toEqual({ kind: 'duplicate' });
    expect(seqs(history.last('BTC-USD', 10))).toEqual([1, 2, 3, 4, 5]);
    expect(history.append(trade(6))).toEqual({ kind: 'appended' });
    expect(history.stats.duplicates).toBe(2);
  });

  it('resets a symbol when the source restarts its numbering', () => {
    const history = filled(1, 5);
    history.append(trade(1, { symbol: 'ETH-USD' }));
    expect(history.append(trade(1, { tradeId: 'new-1' }))).toEqual({
      kind: 'restart',
      previousSeq: 5,
    });
    expect(seqs(history.last('BTC-USD', 10))).toEqual([1]);
    expect(history.last('BTC-USD', 10)[0]?.tradeId).toBe('new-1');
    expect(seqs(history.last('ETH-USD', 10))).toEqual([1]);
    expect(history.stats.restarts).toBe(1);
  });

  it('treats an equal or lower seq that is no longer retained as a restart', () => {
    const history = filled(1, 20, new TradeHistory({ historySize: 5 }));
    expect(history.append(trade(3)).kind).toBe('restart');
  });

  it('treats the same seq with another tradeId as a restart', () => {
    const history = filled(1, 5);
    expect(history.append(trade(5, { tradeId: 'other' })).kind).toBe('restart');
  });

  describe('last', () => {
    it('returns the newest n, oldest first, fewer when fewer are held', () => {
      const history = filled(1, 10);
      expect(seqs(history.last('BTC-USD', 3))).toEqual([8, 9, 10]);
      expect(seqs(history.last('BTC-USD', 30))).toHaveLength(10);
      expect(history.last('BTC-USD', 0)).toEqual([]);
      expect(history.last('NOPE', 5)).toEqual([]);
    });

    it('defaults n to the snapshot size', () => {
      const history = filled(1, 10, new TradeHistory({ snapshotSize: 4 }));
      expect(seqs(history.last('BTC-USD'))).toEqual([7, 8, 9, 10]);
    });
  });

  describe('since', () => {
    const history = filled(101, 200, new TradeHistory({ historySize: 100 }));

    it('returns every retained trade above since', () => {
      expect(history.since('BTC-USD', 195)).toEqual({
        trades: history.last('BTC-USD', 5),
        truncated: false,
      });
    });

    it('is not truncated when since is just before the oldest retained', () => {
      const snap = history.since('BTC-USD', 100);
      expect(snap.truncated).toBe(false);
      expect(snap.trades).toHaveLength(100);
      expect(snap.trades[0]?.seq).toBe(101);
    });

    it('is truncated when since is older than what is retained', () => {
      const snap = history.since('BTC-USD', 99);
      expect(snap.truncated).toBe(true);
      expect(snap.trades).toHaveLength(100);
    });

    it('is empty when since is at or past the newest seq', () => {
      expect(history.since('BTC-USD', 200)).toEqual({ trades: [], truncated: false });
      expect(history.since('BTC-USD', 5000)).toEqual({ trades: [], truncated: false });
    });

    it('is empty for a symbol without trades', () => {
      expect(history.since('NOPE', 0)).toEqual({ trades: [], truncated: false });
    });

    it('does not call a gap inside the window truncation', () => {
      const gappy = filled(1, 3);
      gappy.append(trade(10));
      expect(seqs(gappy.since('BTC-USD', 2).trades)).toEqual([3, 10]);
      expect(gappy.since('BTC-USD', 2).truncated).toBe(false);
    });

    it('after a restart, a client holding the old numbering gets live trades only', () => {
      const restarted = filled(1, 1200);
      filled(1, 3, restarted);
      expect(restarted.since('BTC-USD', 1200)).toEqual({ trades: [], truncated: false });
    });
  });

  describe('snapshot', () => {
    it('uses since when given, else the last snapshotSize trades', () => {
      const history = filled(1, 10, new TradeHistory({ snapshotSize: 2 }));
      expect(seqs(history.snapshot('BTC-USD').trades)).toEqual([9, 10]);
      expect(seqs(history.snapshot('BTC-USD', 6).trades)).toEqual([7, 8, 9, 10]);
      expect(history.snapshot('NOPE')).toEqual({ trades: [], truncated: false });
    });
  });

  it.each([
    [{ historySize: 0 }],
    [{ historySize: 1.5 }],
    [{ snapshotSize: -1 }],
    [{ snapshotSize: 0.5 }],
  ])('refuses options %p', (options) => {
    expect(() => new TradeHistory(options)).toThrow(RangeError);
  });

  it('resumes without loss or repeats from any retained seq (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: -5, max: 210 }),
        (size, count, since) => {
          const history = filled(1, count, new TradeHistory({ historySize: size }));
          const snap = history.since('BTC-USD', since);
          const oldest = Math.max(1, count - size + 1);
          const expected: number[] = [];
          for (let seq = Math.max(oldest, since + 1); seq <= count; seq++) expected.push(seq);
          expect(seqs(snap.trades)).toEqual(expected);
          expect(snap.truncated).toBe(since < oldest - 1 && since < count);
        },
      ),
      { numRuns: 300 },
    );
  });
});
