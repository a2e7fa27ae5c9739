import { ConnectionRegistry } from '../src/gateway/connection-registry.js';
import { TickerBook } from '../src/market/ticker-book.js';
import { CloseCode } from '../src/protocol/close-codes.js';
import { StreamStats } from '../src/stream/stream-stats.js';
import { ManualTickSource } from './support/manual-tick.source.js';
import { metricValue } from './support/metrics.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

const HIGH_WATER = 64 * 1024;
const MAX_BYTES = 1024 * 1024;
const GRACE_MS = 1500;
const SLOW_ENV = {
  SLOW_CONSUMER_HIGH_WATER_BYTES: String(HIGH_WATER),
  SLOW_CONSUMER_MAX_BYTES: String(MAX_BYTES),
  SLOW_CONSUMER_GRACE_MS: String(GRACE_MS),
  MAX_SYMBOLS: '1000',
};

/** Percentile of a sorted copy of `values`. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

describe('slow consumers (real sockets)', () => {
  it('a stalled client is warned and closed with 4008 while fast clients keep their rate and latency', async () => {
    const service = await startTestApp({
      ...SLOW_ENV,
      SIM_RATE: '4000',
      SIM_SYMBOLS: '40',
      SIM_SEED: '5',
    });
    const stats = service.app.get(StreamStats);
    const symbols = [...service.app.get(TickerBook).symbols()];
    const fast = await Promise.all([1, 2, 3].map(() => TestClient.connect(service.wsUrl)));
    try {
      for (const c of fast) await c.request({ op: 'subscribe', id: 1, symbols, throttleMs: 0 });

      /** Updates/s and p99 latency of the fast clients over `ms` of wall time. */
      const measure = async (ms: number): Promise<{ rate: number; p99: number }> => {
        const start = fast.map((c) => c.updates().length);
        const startAt = Date.now();
        await fast[0]!.until(() => Date.now() - startAt >= ms, ms + 5000);
        const latencies: number[] = [];
        let count = 0;
        fast.forEach((c, i) => {
          c.received.forEach((m, j) => {
            if (m.type !== 'update' || m.channel !== 'ticker' || c.receivedAt[j]! < startAt) return;
            for (const t of m.data) latencies.push(c.receivedAt[j]! - t.ts);
          });
          count += c.updates().length - start[i]!;
        });
        return {
          rate: count / fast.length / ((Date.now() - startAt) / 1000),
          p99: percentile(latencies, 99),
        };
      };

      const baseline = await measure(1500);

      const stalled = await TestClient.connect(service.wsUrl);
      await stalled.request({ op: 'subscribe', id: 1, symbols, throttleMs: 0 });
      stalled.socket.pause();
      const during = await measure(1500);
      await fast[0]!.until(() => stats.slowConsumerCloses >= 1, 20_000);

      // Read what the stalled client had been sent: one warning, then the 4008 close.
      stalled.socket.resume();
      const closed = await stalled.closed;
      expect(closed.code).toBe(CloseCode.SLOW_CONSUMER);
      expect(stalled.received.filter((m) => m.type === 'warning')).toEqual([
        expect.objectContaining({ code: 'SLOW_CONSUMER' }),
      ]);
      expect(stats.slowConsumerWarnings).toBe(1);
      expect(stats.laggingSessions).toBe(0);

      console.log(
        `fast clients: baseline ${baseline.rate.toFixed(0)} updates/s p99 ${baseline.p99} ms; ` +
          `with a stalled client ${during.rate.toFixed(0)} updates/s p99 ${during.p99} ms`,
      );
      expect(during.rate).toBeGreaterThan(baseline.rate * 0.8);
      expect(during.p99).toBeLessThan(Math.max(baseline.p99 * 2, baseline.p99 + 50));
      for (const c of fast) expect(c.socket.readyState).toBe(c.socket.OPEN);
    } finally {
      fast.forEach((c) => c.close());
      await service.close();
    }
  });

  describe('with a controlled feed', () => {
    let source: ManualTickSource;
    let service: TestApp;
    let stats: StreamStats;
    const symbols = Array.from({ length: 50 }, (_, i) => `SYM${i}`);

    beforeEach(async () => {
      source = new ManualTickSource(new Set(symbols));
      service = await startTestApp(SLOW_ENV, source);
      stats = service.app.get(StreamStats);
      symbols.forEach((s) => source.emit(s, 100));
    });
    afterEach(() => service.close());

    /** Emits bursts until the server reports the client lagging (bounded rounds). */
    async function floodUntilLagging(): Promise<void> {
      let price = 100;
      for (let round = 0; stats.laggingSessions === 0; round++) {
        if (round > 500) throw new Error('the client never fell behind');
        for (let i = 0; i < 400; i++) source.emit(symbols[i % symbols.length]!, (price += 0.01));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    }

    it.each([0, 20])(
      'a client that stalls briefly (throttleMs %i) recovers with the newest value of every symbol and stays open',
      async (throttleMs) => {
        const client = await TestClient.connect(service.wsUrl);
        await client.request({ op: 'subscribe', id: 1, symbols, throttleMs });
        client.socket.pause();
        await floodUntilLagging();
        const conflatedBefore = stats.conflatedUpdates;
        for (let i = 0; i < 2000; i++) source.emit(symbols[i % symbols.length]!, 1000 + i);
        expect(stats.conflatedUpdates).toBeGreaterThan(conflatedBefore);
        client.socket.resume();

        const book = service.app.get(TickerBook);
        const newest = new Map(symbols.map((s) => [s, book.get(s)!.seq]));
        const holds = (): boolean => {
          const last = new Map<string, number>();
          for (const t of client.updates()) last.set(t.symbol, t.seq);
          return symbols.every((s) => last.get(s) === newest.get(s));
        };
        await client.until(holds, 10_000);
        expect(client.received.filter((m) => m.type === 'warning')).toHaveLength(1);
        expect(stats.laggingSessions).toBe(0);
        expect(stats.slowConsumerCloses).toBe(0);
        expect(await client.request({ op: 'ping', id: 'alive' })).toMatchObject({ type: 'pong' });
        const lastSeq = new Map<string, number>();
        for (const t of client.updates()) {
          expect(t.seq).toBeGreaterThan(lastSeq.get(t.symbol) ?? 0);
          lastSeq.set(t.symbol, t.seq);
        }
        client.close();
      },
    );

    it('memory held for a stalled client stays under the configured cap', async () => {
      const client = await TestClient.connect(service.wsUrl);
      await client.request({ op: 'subscribe', id: 1, symbols, throttleMs: 0 });
      client.socket.pause();
      await floodUntilLagging();
      const [connection] = [...service.app.get(ConnectionRegistry).all()];
      let peakUnsent = 0;
      let peakPending = 0;
      for (let round = 0; round < 200 && stats.slowConsumerCloses === 0; round++) {
        for (let i = 0; i < 1000; i++) source.emit(symbols[i % symbols.length]!, 2000 + i);
        peakUnsent = Math.max(peakUnsent, connection!.socket.bufferedAmount);
        peakPending = Math.max(peakPending, connection!.session.pendingCount);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      client.socket.resume();
      expect((await client.closed).code).toBe(CloseCode.SLOW_CONSUMER);
      console.log(
        `stalled client: peak unsent ${peakUnsent} bytes (cap ${MAX_BYTES}), peak pending ${peakPending} tickers`,
      );
      // The cap is checked before every write, so it can be passed by at most one frame.
      const oneFrame = 50 * 300;
      expect(peakUnsent).toBeLessThanOrEqual(MAX_BYTES + oneFrame);
      expect(peakPending).toBeLessThanOrEqual(symbols.length);

      const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
      const count = metricValue(metrics, 'tickstream_unsent_bytes_count');
      const underCap = metricValue(metrics, 'tickstream_unsent_bytes_bucket', { le: '4194304' });
      expect(count).toBeGreaterThan(0);
      expect(underCap).toBe(count);
    });
  });
});
