import { TickerBook } from '../market/ticker-book.js';
import { CloseCode } from '../protocol/close-codes.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import {
  ClientSession,
  LAG_POLL_MS,
  SLOW_CLOSE_DEADLINE_MS,
  type SessionOptions,
} from './client-session.js';
import { encodeTicker } from './encoded-ticker.js';
import { FanOutHub } from './fan-out-hub.js';
import { FlushScheduler } from './flush-scheduler.js';
import { StreamStats } from './stream-stats.js';
import { FakeSocket } from './testing/fake-socket.js';

const BATCH_MS = 10;
const OPTIONS: SessionOptions = {
  heartbeatMs: 5000,
  highWaterBytes: 10_000,
  maxBytes: 100_000,
  graceMs: 2000,
  windowBytes: 40_000,
};

function setup(options: SessionOptions = OPTIONS, kernelBytes = 0) {
  const clock = new VirtualClock();
  const stats = new StreamStats();
  const scheduler = new FlushScheduler(clock, BATCH_MS);
  const hub = new FanOutHub(clock, scheduler);
  const book = new TickerBook();
  const socket = new FakeSocket(() => clock.now(), kernelBytes);
  const session = new ClientSession('s1', socket, clock, options, stats);
  socket.pong = (payload) => session.acknowledge(payload);
  const subscribe = (symbols: string[], throttleMs: number): void => {
    for (const s of symbols) session.subscriptions.set(s, throttleMs);
    hub.add(session, symbols);
  };
  const tick = (symbol: string, last: number): void => {
    const ticker = book.apply({
      symbol,
      ts: clock.now(),
      bid: last - 0.01,
      ask: last + 0.01,
      last,
      lastSize: 1,
    });
    if (ticker) hub.publish(encodeTicker(ticker));
  };
  return { clock, stats, scheduler, hub, socket, session, subscribe, tick };
}

describe('ClientSession throttling and conflation (virtual time)', () => {
  it('a symbol updated 100× within a window yields one message carrying the 100th value', () => {
    const { clock, socket, subscribe, tick } = setup();
    subscribe(['AAPL'], 500);
    tick('AAPL', 100);
    clock.advance(BATCH_MS);
    expect(socket.updates().map((u) => u.last)).toEqual([100]);

    for (let i = 1; i <= 100; i++) {
      clock.advance(2);
      tick('AAPL', 100 + i);
    }
    clock.advance(499);
    const updates = socket.updates();
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ last: 200, seq: 101 });
    expect(socket.messages('update')).toHaveLength(2);
  });

  it('always delivers the trailing value of a symbol that goes quiet', () => {
    const { clock, socket, subscribe, tick } = setup();
    subscribe(['AAPL'], 1000);
    tick('AAPL', 1);
    clock.advance(BATCH_MS);
    tick('AAPL', 2);
    tick('AAPL', 3);
    clock.advance(999);
    expect(socket.updates().map((u) => u.last)).toEqual([1]);
    clock.advance(1);
    expect(socket.updates().map((u) => u.last)).toEqual([1, 3]);
    clock.advance(60_000);
    expect(socket.updates()).toHaveLength(2);
  });

  it('never sends one symbol twice within its throttle interval', () => {
    const { clock, socket, subscribe, tick } = setup();
    subscribe(['AAPL', 'MSFT'], 250);
    for (let t = 0; t < 5000; t += 7) {
      tick(t % 2 ? 'AAPL' : 'MSFT', 100 + t);
      clock.advance(7);
    }
    const sentAt: Record<string, number[]> = { AAPL: [], MSFT: [] };
    socket.frames.forEach((frame, i) => {
      for (const d of (JSON.parse(frame) as { data: Array<{ symbol: string }> }).data) {
        sentAt[d.symbol]!.push(socket.sentAt[i]!);
      }
    });
    for (const times of Object.values(sentAt)) {
      expect(times.length).toBeGreaterThan(15);
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(250);
    }
  });

  it('batches several symbols into one frame, each at most once', () => {
    const { clock, socket, subscribe, tick } = setup();
    subscribe(['A', 'B', 'C'], 100);
    tick('A', 1);
    tick('B', 1);
    tick('A', 2);
    tick('C', 1);
    clock.advance(BATCH_MS);
    const frames = socket.messages<{ data: Array<{ symbol: string; last: number }> }>('update');
    expect(frames).toHaveLength(1);
    expect(frames[0]!.data.map((d) => `${d.symbol}:${d.last}`)).toEqual(['A:2', 'B:1', 'C:1']);
  });

  it('with throttleMs 0 delivers every update, still at most once per symbol per frame', () => {
    const { clock, socket, subscribe, tick } = setup();
    subscribe(['A', 'B'], 0);
    tick('A', 1);
    tick('B', 1);
    tick('A', 2);
    tick('A', 3);
    clock.advance(BATCH_MS);
    expect(socket.updates().map((u) => `${u.symbol}:${u.last}`)).toEqual([
      'A:1',
      'B:1',
      'A:2',
      'A:3',
    ]);
    for (const frame of socket.messages<{ data: Array<{ symbol: string }> }>('update')) {
      const symbols = frame.data.map((d) => d.symbol);
      expect(new Set(symbols).size).toBe(symbols.length);
    }
  });

  it('mixes throttled and unthrottled symbols, and all pending go out once the throttle is lifted', () => {
    const { clock, socket, session, subscribe, tick } = setup();
    subscribe(['AAPL'], 0);
    subscribe(['MSFT'], 1000);
    tick('AAPL', 1);
    tick('MSFT', 2);
    clock.advance(BATCH_MS);
    tick('AAPL', 3);
    tick('MSFT', 4);
    clock.advance(BATCH_MS);
    // MSFT's next value waits for its window; AAPL's goes out at once.
    expect(socket.updates().map((u) => [u.symbol, u.last])).toEqual([
      ['AAPL', 1],
      ['MSFT', 2],
      ['AAPL', 3],
    ]);
    expect(session.pendingCount).toBe(1);
    session.subscriptions.set('MSFT', 0);
    tick('AAPL', 5);
    clock.advance(BATCH_MS);
    expect(
      socket
        .updates()
        .map((u) => [u.symbol, u.last])
        .slice(3),
    ).toEqual([
      ['MSFT', 4],
      ['AAPL', 5],
    ]);
    expect(session.pendingCount).toBe(0);
  });

  it('does not deliver a symbol twice when subscribed explicitly and through the wildcard', () => {
    const { clock, socket, subscribe, tick } = setup();
    subscribe(['A', '*'], 0);
    tick('A', 1);
    tick('B', 1);
    clock.advance(BATCH_MS);
    expect(socket.updates().map((u) => u.symbol)).toEqual(['A', 'B']);
  });

  it('sends a heartbeat only after heartbeatMs of silence', () => {
    const { clock, socket, session } = setup();
    const heartbeat = (): string => JSON.stringify({ type: 'heartbeat', serverTime: clock.now() });
    clock.advance(4999);
    session.sweep(clock.now(), heartbeat);
    expect(socket.messages('heartbeat')).toHaveLength(0);
    clock.advance(1);
    session.sweep(clock.now(), heartbeat);
    expect(socket.messages('heartbeat')).toHaveLength(1);
    session.sweep(clock.now(), heartbeat);
    expect(socket.messages('heartbeat')).toHaveLength(1);
  });
});

/** Wire bytes of the acknowledgement pings written to `socket`. */
function pingBytes(socket: FakeSocket): number {
  return socket.pings.reduce((sum, ping) => sum + ping.length + 2, 0);
}

/** The peer stops reading with a frame of about `bytes` bytes still unread. */
function stallWith(socket: FakeSocket, session: ClientSession, bytes: number): void {
  socket.stall();
  session.sendControl(JSON.stringify({ type: 'padding', pad: 'x'.repeat(bytes) }));
}

describe('ClientSession slow-consumer policy', () => {
  it('conflates while above the high-water mark, warns once, then resumes with the newest values', () => {
    const { clock, socket, session, stats, subscribe, tick } = setup();
    subscribe(['A', 'B'], 0);
    stallWith(socket, session, 20_000);
    for (let i = 1; i <= 50; i++) {
      tick('A', i);
      tick('B', 1000 + i);
      clock.advance(5);
    }
    expect(socket.messages('warning')).toEqual([
      expect.objectContaining({ code: 'SLOW_CONSUMER' }),
    ]);
    expect(socket.updates()).toHaveLength(0);
    expect(stats.laggingSessions).toBe(1);

    socket.read();
    clock.advance(100);
    expect(socket.updates().map((u) => u.last)).toEqual([50, 1050]);
    expect(stats.laggingSessions).toBe(0);
    expect(stats.conflatedUpdates).toBeGreaterThan(90);
    expect(socket.closedWith).toBeUndefined();
  });

  it('closes with 4008 after the grace period, even when the market is quiet', () => {
    const { clock, socket, session, subscribe, tick } = setup();
    subscribe(['A'], 0);
    stallWith(socket, session, 20_000);
    tick('A', 1);
    clock.advance(BATCH_MS);
    expect(socket.messages('warning')).toHaveLength(1);
    clock.advance(1000);
    session.sweep(clock.now(), () => '{}');
    expect(socket.closedWith).toBeUndefined();
    clock.advance(1500);
    session.sweep(clock.now(), () => '{}');
    expect(socket.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
  });

  it('closes with 4008 at once when a write takes unsent bytes past the hard cap, and drops a client that does not complete the handshake', () => {
    const { clock, socket, session, stats, subscribe } = setup();
    subscribe(['A'], 0);
    stallWith(socket, session, 60_000);
    expect(socket.closedWith).toBeUndefined();
    session.sendControl(JSON.stringify({ type: 'padding', pad: 'x'.repeat(50_000) }));
    expect(socket.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
    expect(stats.slowConsumerCloses).toBe(1);
    clock.advance(SLOW_CLOSE_DEADLINE_MS - 1);
    expect(socket.terminated).toBe(false);
    clock.advance(1);
    expect(socket.terminated).toBe(true);
  });

  it('drops the close deadline once the socket has closed', () => {
    const { clock, socket, session } = setup();
    stallWith(socket, session, OPTIONS.maxBytes + 1);
    expect(socket.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
    session.release();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(SLOW_CLOSE_DEADLINE_MS);
    expect(socket.terminated).toBe(false);
  });

  it('never drops a control reply: a client flooding requests without reading is closed with 4008 within one frame of the cap', () => {
    const { socket, session, stats } = setup();
    socket.stall();
    const reply = JSON.stringify({ type: 'subscriptions', id: 1, pad: 'x'.repeat(1000) });
    const frameBytes = Buffer.byteLength(reply) + 4;
    for (let i = 0; i < 500; i++) session.sendControl(reply);
    expect(socket.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
    // Every reply before the close was written; none after it.
    const written = socket.messages('subscriptions').length;
    expect(session.unsentBytes).toBe(written * frameBytes + pingBytes(socket));
    expect(session.unsentBytes).toBeGreaterThan(OPTIONS.maxBytes);
    expect(session.unsentBytes).toBeLessThanOrEqual(OPTIONS.maxBytes + frameBytes);
    expect(stats.slowConsumerCloses).toBe(1);
  });

  it('counts UTF-8 bytes, not string length, against the high-water mark', () => {
    const { clock, socket, session, subscribe, tick } = setup();
    subscribe(['A'], 0);
    socket.stall();
    // 6,000 characters, 12,000 bytes: above the 10,000-byte mark.
    const frame = JSON.stringify({ type: 'padding', pad: 'é'.repeat(6000) });
    session.sendControl(frame);
    expect(session.unsentBytes).toBe(Buffer.byteLength(frame) + 4 + pingBytes(socket));
    tick('A', 1);
    clock.advance(BATCH_MS);
    expect(socket.messages('warning')).toHaveLength(1);
    expect(socket.updates()).toHaveLength(0);
  });

  it('samples the peak of unsent bytes between sweeps, for any session that held some', () => {
    const { clock, socket, session, stats } = setup();
    const samples: number[] = [];
    stats.observeUnsentBytes = (bytes) => samples.push(bytes);
    session.sweep(clock.now(), () => '{}');
    expect(samples).toEqual([]);
    stallWith(socket, session, 3000);
    const peak = session.unsentBytes;
    socket.read();
    session.sweep(clock.now(), () => '{}');
    session.sweep(clock.now(), () => '{}');
    expect(samples).toEqual([peak]);
  });

  it('a failing socket closes only that session', () => {
    const { clock, hub, scheduler, stats, session, subscribe, tick, socket } = setup();
    const other = new FakeSocket();
    const otherSession = new ClientSession('s2', other, clock, OPTIONS, stats);
    otherSession.subscriptions.set('A', 0);
    hub.add(otherSession, ['A']);
    subscribe(['A'], 0);
    socket.send = () => {
      throw new Error('EPIPE');
    };
    tick('A', 1);
    clock.advance(BATCH_MS);
    expect(socket.closedWith?.code).toBe(CloseCode.INTERNAL_ERROR);
    expect(other.updates()).toHaveLength(1);
    expect(scheduler.size).toBe(0);
    expect(session.unsentBytes).toBe(0);
  });
});

describe('ClientSession acknowledgement window', () => {
  /** Every byte leaves the process at once; only pongs tell what the peer has read. */
  const KERNEL_TAKES_ALL = Number.MAX_SAFE_INTEGER;

  it('writes a ping after each quarter of the window, and the pongs acknowledge what came before', () => {
    const { socket, session } = setup(OPTIONS, KERNEL_TAKES_ALL);
    const reply = JSON.stringify({ type: 'pong', pad: 'x'.repeat(976) });
    expect(Buffer.byteLength(reply) + 4).toBe(1004);
    socket.stall();
    for (let i = 0; i < 45; i++) session.sendControl(reply);
    // A ping after every 10,000 bytes written: after frames 10, 20, 30 and 40.
    expect(socket.pings).toEqual(['1', '2', '3', '4']);
    expect(session.unacknowledgedBytes).toBe(45 * 1004);
    socket.read();
    // Ping 4's pong covers the first 40 frames; the last 5 await the next ping.
    expect(session.unacknowledgedBytes).toBe(5 * 1004);
  });

  it('holds and conflates updates a peer has not read though the kernel took them, and resumes once it acknowledges', () => {
    const { clock, socket, session, stats, subscribe, tick } = setup(OPTIONS, KERNEL_TAKES_ALL);
    subscribe(['A', 'B'], 0);
    socket.stall();
    let price = 0;
    while (!session.isLagging) {
      if (price > 10_000) throw new Error('never fell behind');
      tick('A', ++price);
      tick('B', 1000 + price);
      clock.advance(BATCH_MS);
    }
    // Nothing waits in the process: only the window could tell.
    expect(session.unsentBytes).toBe(0);
    expect(session.unacknowledgedBytes).toBeGreaterThan(OPTIONS.windowBytes);
    expect(socket.messages('warning')).toHaveLength(1);
    const written = socket.updates().length;
    for (let i = 0; i < 100; i++) {
      tick('A', ++price);
      tick('B', 1000 + price);
      clock.advance(BATCH_MS);
    }
    expect(socket.updates()).toHaveLength(written);
    expect(stats.laggingSessions).toBe(1);

    socket.read();
    clock.advance(LAG_POLL_MS);
    expect(session.isLagging).toBe(false);
    expect(
      socket
        .updates()
        .slice(-2)
        .map((u) => u.last),
    ).toEqual([price, 1000 + price]);
    expect(stats.laggingSessions).toBe(0);
    expect(socket.closedWith).toBeUndefined();
  });

  it('closes with 4008 a peer that stays unacknowledged past the grace period', () => {
    const { clock, socket, session, subscribe, tick } = setup(OPTIONS, KERNEL_TAKES_ALL);
    subscribe(['A'], 0);
    socket.stall();
    for (let i = 1; !session.isLagging; i++) {
      tick('A', i);
      clock.advance(BATCH_MS);
    }
    clock.advance(OPTIONS.graceMs);
    session.sweep(clock.now(), () => '{}');
    expect(socket.closedWith).toBeUndefined();
    clock.advance(1);
    session.sweep(clock.now(), () => '{}');
    expect(socket.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
  });

  it('the keep-alive ping is an acknowledgement ping too', () => {
    const { socket, session } = setup(OPTIONS, KERNEL_TAKES_ALL);
    socket.stall();
    session.sendControl('{"type":"pong"}');
    session.sendPing();
    expect(socket.pings).toEqual(['1']);
    expect(session.unacknowledgedBytes).toBe(17);
    socket.read();
    expect(session.unacknowledgedBytes).toBe(0);
  });
});

describe('ClientSession write batching', () => {
  it('corks its transport once per event-loop turn and uncorks after the turn', async () => {
    const clock = new VirtualClock();
    const socket = new FakeSocket(() => clock.now());
    const calls: string[] = [];
    const transport = { cork: () => calls.push('cork'), uncork: () => calls.push('uncork') };
    const session = new ClientSession('s', socket, clock, OPTIONS, new StreamStats(), transport);
    session.sendControl('{"type":"pong"}');
    session.sendControl('{"type":"pong"}');
    expect(calls).toEqual(['cork']);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(calls).toEqual(['cork', 'uncork']);
    session.sendControl('{"type":"pong"}');
    expect(calls).toEqual(['cork', 'uncork', 'cork']);
    expect(socket.frames).toHaveLength(3);
  });
});

describe('ClientSession slow-consumer warnings', () => {
  it('warns once for a client hovering around the mark, again only after keeping up for a grace period', () => {
    const { clock, socket, session, subscribe, tick } = setup();
    subscribe(['A'], 0);
    for (let i = 0; i < 20; i++) {
      if (i % 2) socket.read();
      else stallWith(socket, session, 20_000);
      tick('A', i + 1);
      clock.advance(BATCH_MS);
    }
    expect(socket.messages('warning')).toHaveLength(1);
    socket.read();
    tick('A', 100);
    clock.advance(OPTIONS.graceMs);
    stallWith(socket, session, 20_000);
    tick('A', 101);
    clock.advance(BATCH_MS);
    expect(socket.messages('warning')).toHaveLength(2);
  });
});
