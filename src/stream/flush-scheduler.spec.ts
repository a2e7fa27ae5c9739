import { TickerBook } from '../market/ticker-book.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import { BatchPacer } from './batch-pacer.js';
import { ClientSession } from './client-session.js';
import { encodeTicker } from './encoded-ticker.js';
import { FanOutHub } from './fan-out-hub.js';
import { FlushScheduler } from './flush-scheduler.js';
import { StreamStats } from './stream-stats.js';
import { FakeSocket } from './testing/fake-socket.js';

const MIN_MS = 10;
const MAX_MS = 40;

/** One unthrottled session fed a new symbol every 2 ms, under a load the test sets. */
function setup() {
  const clock = new VirtualClock();
  let busy = 0;
  const pacer = new BatchPacer(MIN_MS, MAX_MS, () => busy, clock.now());
  const hub = new FanOutHub(clock, new FlushScheduler(clock, MIN_MS, pacer));
  const book = new TickerBook();
  const socket = new FakeSocket(() => clock.now());
  const session = new ClientSession(
    's1',
    socket,
    clock,
    { heartbeatMs: 60_000, highWaterBytes: 1e6, maxBytes: 1e7, graceMs: 1000, windowBytes: 1e6 },
    new StreamStats(),
  );
  socket.pong = (payload) => session.acknowledge(payload);
  const symbols = Array.from({ length: 200 }, (_, i) => `S${i}`);
  for (const s of symbols) session.subscriptions.set(s, 0);
  hub.add(session, symbols);
  let n = 0;
  /** Feeds for `ms`; returns the update frames written meanwhile. */
  const run = (ms: number): number[] => {
    const before = socket.messages('update').length;
    for (let t = 0; t < ms; t += 2) {
      const symbol = symbols[n++ % symbols.length]!;
      const ticker = book.apply({
        symbol,
        ts: clock.now(),
        bid: 1,
        ask: 2,
        last: 1.5,
        lastSize: 1,
      });
      if (ticker) hub.publish(encodeTicker(ticker));
      clock.advance(2);
    }
    return socket
      .messages<{ data: unknown[] }>('update')
      .slice(before)
      .map((frame) => frame.data.length);
  };
  return { run, pacer, setBusy: (value: number) => (busy = value) };
}

describe('FlushScheduler with a BatchPacer (virtual time)', () => {
  it('flushes every 10 ms while the loop is quiet', () => {
    const { run, pacer } = setup();
    const sizes = run(1000);
    expect(pacer.intervalMs).toBe(MIN_MS);
    expect(sizes.length).toBeGreaterThanOrEqual(95);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
  });

  it('gathers fewer, fuller frames while the loop is busy, and no update is lost', () => {
    const { run, pacer, setBusy } = setup();
    setBusy(0.9);
    run(1000); // paces up
    const sizes = run(1000);
    expect(pacer.intervalMs).toBe(MAX_MS);
    expect(sizes.length).toBeLessThanOrEqual(26);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(495);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_MS / 2 + 1);
  });

  it('returns to the short interval once the load falls', () => {
    const { run, pacer, setBusy } = setup();
    setBusy(0.9);
    run(1000);
    setBusy(0.1);
    run(1000);
    expect(pacer.intervalMs).toBe(MIN_MS);
    expect(run(1000).length).toBeGreaterThanOrEqual(95);
  });
});
