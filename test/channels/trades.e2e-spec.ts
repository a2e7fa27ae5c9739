import type { Trade } from '../../src/market/trade.js';
import { CloseCode } from '../../src/protocol/close-codes.js';
import type { ServerMessage } from '../../src/protocol/messages.js';
import { StreamStats } from '../../src/stream/stream-stats.js';
import { settle } from '../support/eventually.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClient } from '../support/test-client.js';

const SYMBOLS = ['BTC-USD', 'ETH-USD'];

/** Emits numbered trades of every symbol on a timer until stopped; `seq` starts at 1. */
class TradeDriver {
  readonly seqs = new Map<string, number>(SYMBOLS.map((s) => [s, 0]));
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(
    private readonly source: ManualTickSource,
    /** Padding in each tradeId, to make trades bigger on the wire. */
    private readonly padding = 0,
  ) {}

  /** Emits `n` trades of each symbol now. */
  emit(n: number): void {
    for (let i = 0; i < n; i++) {
      for (const symbol of SYMBOLS) {
        const seq = (this.seqs.get(symbol) ?? 0) + 1;
        this.seqs.set(symbol, seq);
        this.source.emitTrade(trade(symbol, seq, this.padding));
      }
    }
    const count = this.count;
    for (const w of this.waiters.filter((w) => count >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** Trades emitted of each symbol. */
  get count(): number {
    return this.seqs.get(SYMBOLS[0]!) ?? 0;
  }

  /** Emits `perTick` trades of each symbol every 5 ms. */
  start(perTick: number): void {
    this.timer = setInterval(() => this.emit(perTick), 5);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Resolves once `count` trades of each symbol have been emitted. */
  reached(count: number): Promise<void> {
    if (this.count >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

function trade(symbol: string, seq: number, padding = 0): Trade {
  return {
    symbol,
    seq,
    tradeId: `${symbol}-${seq}${'x'.repeat(padding)}`,
    ts: Date.now(),
    price: 60_000 + (seq % 100),
    size: 0.001 * (1 + (seq % 7)),
    side: seq % 2 === 0 ? 'buy' : 'sell',
  };
}

/** Trades of `symbol` in the `trades` frames a client received, in arrival order. */
function tradesOf(received: readonly ServerMessage[], symbol: string): number[] {
  return received.flatMap((m) =>
    (m.type === 'snapshot' || m.type === 'update') && m.channel === 'trades'
      ? m.data.filter((t) => t.symbol === symbol).map((t) => t.seq)
      : [],
  );
}

const lastSeq = (client: TestClient, symbol: string): number =>
  tradesOf(client.received, symbol).at(-1) ?? 0;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('trades over real sockets', () => {
  let source: ManualTickSource;
  let service: TestApp;
  let driver: TradeDriver;
  const clients: TestClient[] = [];

  async function connect(): Promise<TestClient> {
    const client = await TestClient.connect(service.wsUrl);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    driver.stop();
    clients.splice(0).forEach((c) => c.close());
    await service.close();
  });

  async function start(env: Record<string, string> = {}, padding = 0): Promise<void> {
    source = new ManualTickSource(new Set(SYMBOLS));
    service = await startTestApp({ TRADES_HISTORY: '5000', ...env }, source);
    driver = new TradeDriver(source, padding);
  }

  it('a client that drops mid-stream and resumes with since misses nothing and gets nothing twice', async () => {
    await start();
    const first = await connect();
    const since = Object.fromEntries(SYMBOLS.map((s) => [s, 0]));
    expect(
      await first.request({ op: 'subscribe', id: 1, channel: 'trades', symbols: SYMBOLS, since }),
    ).toMatchObject({ type: 'subscribed', channel: 'trades', throttleMs: 0 });
    driver.start(3);
    await first.until(() => SYMBOLS.every((s) => lastSeq(first, s) >= 300), 20_000);
    // An abrupt drop (1006 on the client side), trades still flowing.
    first.socket.terminate();
    const dropped = Object.fromEntries(SYMBOLS.map((s) => [s, lastSeq(first, s)]));
    await driver.reached(Math.max(...Object.values(dropped)) + 300);

    const second = await connect();
    await second.request({
      op: 'subscribe',
      id: 2,
      channel: 'trades',
      symbols: SYMBOLS,
      since: dropped,
    });
    const resumed = await second.next('snapshot');
    expect(resumed.channel).toBe('trades');
    expect(resumed).not.toHaveProperty('truncated');
    await driver.reached(driver.count + 200);
    driver.stop();
    const final = driver.count;
    await second.until(() => SYMBOLS.every((s) => lastSeq(second, s) === final), 20_000);

    for (const symbol of SYMBOLS) {
      const seen = [...tradesOf(first.received, symbol), ...tradesOf(second.received, symbol)];
      expect(seen).toEqual(range(1, final));
    }
    // Every trade frame keeps each symbol's trades in seq order: checked by the equality above.
    const updates = second.received.filter((m) => m.type === 'update' && m.channel === 'trades');
    expect(updates.length).toBeGreaterThan(0);
  });

  it('without since the snapshot is the last TRADES_SNAPSHOT trades, oldest first, before any live trade', async () => {
    await start({ TRADES_SNAPSHOT: '10' });
    driver.emit(25);
    const client = await connect();
    await client.request({ op: 'subscribe', id: 1, channel: 'trades', symbols: ['ETH-USD'] });
    const snapshot = await client.next('snapshot');
    expect(snapshot.data.map((t) => (t as Trade).seq)).toEqual(range(16, 25));
    driver.emit(1);
    const update = await client.next('update');
    expect(update.data).toEqual([
      expect.objectContaining({ symbol: 'ETH-USD', seq: 26, side: 'buy' }),
    ]);
  });

  it('since older than the retention: what is retained, with the symbol named in truncated', async () => {
    await start({ TRADES_HISTORY: '20', TRADES_SNAPSHOT: '5' });
    driver.emit(50);
    const client = await connect();
    await client.request({
      op: 'subscribe',
      id: 1,
      channel: 'trades',
      symbols: SYMBOLS,
      since: { 'BTC-USD': 5, 'ETH-USD': 40 },
    });
    const snapshot = await client.next('snapshot');
    expect(snapshot.truncated).toEqual(['BTC-USD']);
    expect(tradesOf([snapshot], 'BTC-USD')).toEqual(range(31, 50));
    expect(tradesOf([snapshot], 'ETH-USD')).toEqual(range(41, 50));
  });

  it('since at or past the newest seq (the source restarted): no history, live trades follow', async () => {
    await start();
    driver.emit(10);
    const client = await connect();
    await client.request({
      op: 'subscribe',
      id: 1,
      channel: 'trades',
      symbols: ['BTC-USD'],
      since: { 'BTC-USD': 500 },
    });
    driver.emit(1);
    const first = await client.until(
      (m) => (m.type === 'snapshot' || m.type === 'update') && m.channel === 'trades',
    );
    expect(first).toMatchObject({ type: 'update', data: [{ symbol: 'BTC-USD', seq: 11 }] });
  });

  it('a large resumption spans several snapshot frames of at most 64 KiB, in seq order', async () => {
    await start({}, 200);
    driver.emit(2000);
    const client = await connect();
    await client.request({
      op: 'subscribe',
      id: 1,
      channel: 'trades',
      symbols: SYMBOLS,
      since: { 'BTC-USD': 0, 'ETH-USD': 1000 },
    });
    await client.until(() => lastSeq(client, 'ETH-USD') === 2000, 10_000);
    const frames = client.received.filter((m) => m.type === 'snapshot');
    expect(frames.length).toBeGreaterThan(5);
    for (const frame of frames)
      expect(Buffer.byteLength(JSON.stringify(frame))).toBeLessThanOrEqual(65_536);
    expect(tradesOf(frames, 'BTC-USD')).toEqual(range(1, 2000));
    expect(tradesOf(frames, 'ETH-USD')).toEqual(range(1001, 2000));
    expect(frames.some((f) => f.truncated !== undefined)).toBe(false);
  });

  it('a client that stops reading is closed with 4008 and resumes with since without loss', async () => {
    await start(
      {
        SLOW_CONSUMER_HIGH_WATER_BYTES: String(32 * 1024),
        SLOW_CONSUMER_MAX_BYTES: String(256 * 1024),
        SLOW_CONSUMER_GRACE_MS: '1000',
        TRADES_HISTORY: '100000',
      },
      100,
    );
    const stats = service.app.get(StreamStats);
    const slow = await connect();
    const since = Object.fromEntries(SYMBOLS.map((s) => [s, 0]));
    await slow.request({ op: 'subscribe', id: 1, channel: 'trades', symbols: SYMBOLS, since });
    driver.start(20);
    await slow.until(() => lastSeq(slow, 'BTC-USD') > 100);
    slow.socket.pause();
    // The paused client reads no frame to wait on: read the server's count, bounded.
    expect(
      await settle(
        async () => stats.slowConsumerCloses,
        (closes) => closes >= 1,
        20_000,
      ),
    ).toBeGreaterThanOrEqual(1);
    slow.socket.resume();
    expect((await slow.closed).code).toBe(CloseCode.SLOW_CONSUMER);
    const resumeFrom = Object.fromEntries(SYMBOLS.map((s) => [s, lastSeq(slow, s)]));

    const again = await connect();
    await again.request({
      op: 'subscribe',
      id: 2,
      channel: 'trades',
      symbols: SYMBOLS,
      since: resumeFrom,
    });
    await driver.reached(driver.count + 100);
    driver.stop();
    const final = driver.count;
    await again.until(() => SYMBOLS.every((s) => lastSeq(again, s) === final), 20_000);
    for (const symbol of SYMBOLS) {
      const seen = [...tradesOf(slow.received, symbol), ...tradesOf(again.received, symbol)];
      expect(seen).toEqual(range(1, final));
    }
  });
});
