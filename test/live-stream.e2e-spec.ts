import type { Ticker } from '../src/market/ticker.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

/**
 * Against the built-in simulated market at a high rate: the properties a
 * trading frontend relies on while prices move fast.
 */
describe('live stream from the simulated market', () => {
  let service: TestApp;
  let symbols: string[];

  beforeAll(async () => {
    // 20 symbols at 4000 ticks/s: each symbol ticks ~200 times per second.
    service = await startTestApp({ SIM_RATE: '4000', SIM_SYMBOLS: '20', SIM_SEED: '11' });
    const response = await fetch(`${service.baseUrl}/v1/symbols`);
    symbols = ((await response.json()) as { symbols: string[] }).symbols;
  });
  afterAll(() => service.close());

  it('sends the snapshot of every newly subscribed symbol before any of its updates, seq strictly increasing', async () => {
    const client = await TestClient.connect(service.wsUrl);
    try {
      // Subscribe in several steps while prices flow, so updates are already streaming.
      for (let i = 0; i < symbols.length; i += 5) {
        await client.request({
          op: 'subscribe',
          id: i,
          symbols: symbols.slice(i, i + 5),
          throttleMs: 0,
        });
      }
      await client.until(() => client.updates().length >= 500);
      const lastSeq = new Map<string, number>();
      for (const message of client.received) {
        if (message.type !== 'snapshot' && message.type !== 'update') continue;
        for (const ticker of message.data as Ticker[]) {
          const previous = lastSeq.get(ticker.symbol);
          if (message.type === 'snapshot') expect(previous).toBeUndefined();
          else expect(previous).toBeDefined();
          if (previous !== undefined) expect(ticker.seq).toBeGreaterThan(previous);
          lastSeq.set(ticker.symbol, ticker.seq);
        }
      }
      expect(lastSeq.size).toBe(symbols.length);
    } finally {
      client.close();
    }
  });

  it('with throttleMs 0 every update is delivered (no gaps in seq) and a frame holds a symbol at most once', async () => {
    const client = await TestClient.connect(service.wsUrl);
    try {
      await client.request({ op: 'subscribe', id: 1, symbols: symbols.slice(0, 3), throttleMs: 0 });
      await client.until(() => client.updates().length >= 300);
      const seqs = new Map<string, number[]>();
      for (const message of client.received) {
        if (
          (message.type !== 'update' && message.type !== 'snapshot') ||
          message.channel !== 'ticker'
        )
          continue;
        const inFrame = message.data.map((t) => t.symbol);
        expect(new Set(inFrame).size).toBe(inFrame.length);
        for (const t of message.data) seqs.set(t.symbol, [...(seqs.get(t.symbol) ?? []), t.seq]);
      }
      for (const list of seqs.values()) {
        for (let i = 1; i < list.length; i++) expect(list[i]).toBe(list[i - 1]! + 1);
      }
    } finally {
      client.close();
    }
  });

  it('with throttleMs 500 a symbol arrives at most ~2×/s and no update is older than the window', async () => {
    const client = await TestClient.connect(service.wsUrl);
    const watched = symbols.slice(0, 5);
    const runMs = 3000;
    try {
      await client.request({ op: 'subscribe', id: 1, symbols: watched, throttleMs: 500 });
      const started = Date.now();
      await client.until(
        () => Date.now() - started >= runMs && client.updates().length > 0,
        runMs + 5000,
      );
      const arrivals = new Map<string, number[]>();
      client.received.forEach((message, i) => {
        if (message.type !== 'update' || message.channel !== 'ticker') return;
        for (const t of message.data) {
          arrivals.set(t.symbol, [...(arrivals.get(t.symbol) ?? []), client.receivedAt[i]!]);
          // The newest value wins: what arrives was produced within the last window (plus delivery slack).
          expect(client.receivedAt[i]! - t.ts).toBeLessThan(500 + 150);
        }
      });
      for (const symbol of watched) {
        const times = arrivals.get(symbol) ?? [];
        const elapsedS = (times[times.length - 1]! - started) / 1000;
        expect(times.length).toBeGreaterThanOrEqual(4);
        expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsedS * 2) + 1);
        // Arrival gaps can shrink a little from network jitter, never by half a window.
        for (let i = 1; i < times.length; i++)
          expect(times[i]! - times[i - 1]!).toBeGreaterThan(400);
      }
    } finally {
      client.close();
    }
  });

  it('a quiet connection receives heartbeats; a subscribed one streams instead', async () => {
    const quiet = await startTestApp({ SIM_RATE: '1', SIM_SYMBOLS: '5', HEARTBEAT_MS: '300' });
    const client = await TestClient.connect(quiet.wsUrl);
    try {
      const first = await client.next('heartbeat');
      const second = await client.next('heartbeat');
      const gap = second.serverTime - first.serverTime;
      expect(gap).toBeGreaterThanOrEqual(300);
      expect(gap).toBeLessThan(300 + 250);
    } finally {
      client.close();
      await quiet.close();
    }
  });
});
