import { ConnectionRegistry } from '../src/gateway/connection-registry.js';
import { TickerBook } from '../src/market/ticker-book.js';
import { StreamStats } from '../src/stream/stream-stats.js';
import { ManualTickSource } from './support/manual-tick.source.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

const WINDOW = 64 * 1024;
/** Far above the window: the process's own buffer cannot be what stops the writes. */
const HIGH_WATER = 1024 * 1024;
const SYMBOLS = Array.from({ length: 50 }, (_, i) => `SYM${i}`);
/** Ticks per burst, and the bound on bursts before the test gives up. */
const BURST = 400;
const MAX_BURSTS = 2000;

/**
 * Issue 12 §2: the bytes in flight are bounded, not only the bytes queued.
 * Pings after each quarter of SLOW_CONSUMER_WINDOW_BYTES, acknowledged by the
 * client's pongs, stop updates to a client that has stopped reading while the
 * kernel's socket buffers still take everything (the process buffers nothing).
 */
describe('slow consumers: the acknowledgement window (real sockets)', () => {
  let source: ManualTickSource;
  let service: TestApp;
  let stats: StreamStats;

  beforeEach(async () => {
    source = new ManualTickSource(new Set(SYMBOLS));
    service = await startTestApp(
      {
        SLOW_CONSUMER_WINDOW_BYTES: String(WINDOW),
        SLOW_CONSUMER_HIGH_WATER_BYTES: String(HIGH_WATER),
        SLOW_CONSUMER_MAX_BYTES: String(8 * HIGH_WATER),
        SLOW_CONSUMER_GRACE_MS: '60000',
      },
      source,
    );
    stats = service.app.get(StreamStats);
    SYMBOLS.forEach((s) => source.emit(s, 100));
  });
  afterEach(() => service.close());

  it('stops writing to a client that stopped reading within one window, then resumes with the newest values', async () => {
    const client = await TestClient.connect(service.wsUrl);
    await client.request({ op: 'subscribe', id: 1, symbols: SYMBOLS, throttleMs: 0 });
    const [connection] = [...service.app.get(ConnectionRegistry).all()];
    const session = connection!.session;
    client.socket.pause();
    const sentBefore = stats.bytesSent;

    let price = 100;
    let peakUnsent = 0;
    for (let burst = 0; !session.isLagging; burst++) {
      if (burst >= MAX_BURSTS) throw new Error('the client never fell behind');
      for (let i = 0; i < BURST; i++) source.emit(SYMBOLS[i % SYMBOLS.length]!, (price += 0.01));
      // The server runs in this process: let it flush and read pongs.
      await new Promise((resolve) => setImmediate(resolve));
      // Between turns: what the kernel has not taken.
      peakUnsent = Math.max(peakUnsent, session.unsentBytes);
    }
    const writtenWhileStalled = stats.bytesSent - sentBefore;
    const unacknowledged = session.unacknowledgedBytes;
    for (let i = 0; i < 2000; i++) source.emit(SYMBOLS[i % SYMBOLS.length]!, (price += 0.01));
    await new Promise((resolve) => setImmediate(resolve));
    const writtenWhileHeld = stats.bytesSent - sentBefore - writtenWhileStalled;
    console.log(
      `stalled client: held after ${writtenWhileStalled} bytes written (window ${WINDOW}), ` +
        `${unacknowledged} unacknowledged, peak left unsent in the process ${peakUnsent} bytes; ` +
        `${writtenWhileHeld} bytes written while held`,
    );
    // Stopped within the window plus the pings' granularity and one burst's frames,
    // long before the kernel's buffers (megabytes on loopback) were full.
    expect(writtenWhileStalled).toBeLessThan(2 * WINDOW);
    expect(peakUnsent).toBeLessThan(HIGH_WATER);
    expect(writtenWhileHeld).toBe(0);

    client.socket.resume();
    const book = service.app.get(TickerBook);
    const newest = new Map(SYMBOLS.map((s) => [s, book.get(s)!.seq]));
    await client.until(() => {
      const last = new Map<string, number>();
      for (const t of client.updates()) last.set(t.symbol, t.seq);
      return SYMBOLS.every((s) => last.get(s) === newest.get(s));
    }, 10_000);
    await client.until(() => !session.isLagging, 10_000).catch(() => undefined);
    expect(session.isLagging).toBe(false);
    expect(client.received.filter((m) => m.type === 'warning')).toHaveLength(1);
    expect(stats.slowConsumerCloses).toBe(0);
    expect(await client.request({ op: 'ping', id: 'alive' })).toMatchObject({ type: 'pong' });
    client.close();
  });
});
