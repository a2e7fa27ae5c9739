import fc from 'fast-check';
import { TickerBook } from '../market/ticker-book.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import { ClientSession } from './client-session.js';
import { encodeTicker } from './encoded-ticker.js';
import { FanOutHub } from './fan-out-hub.js';
import { FlushScheduler } from './flush-scheduler.js';
import { StreamStats } from './stream-stats.js';
import { FakeSocket } from './testing/fake-socket.js';

const SYMBOLS = ['A', 'B', 'C'] as const;
const HIGH_WATER = 1000;

type Step =
  | { kind: 'tick'; symbol: (typeof SYMBOLS)[number] }
  | { kind: 'wait'; ms: number }
  | { kind: 'buffer'; backedUp: boolean }
  | { kind: 'throttle'; symbol: (typeof SYMBOLS)[number]; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      symbol: fc.constantFrom(...SYMBOLS),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('buffer' as const), backedUp: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('throttle' as const),
      symbol: fc.constantFrom(...SYMBOLS),
      ms: fc.constantFrom(0, 1, 50, 250, 1000),
    }),
  },
);

/**
 * For any interleaving of ticks, throttle changes, time and write availability:
 * a client never receives an older seq after a newer one for a symbol, and once
 * the stream goes quiet and the socket drains it holds the newest value of every symbol.
 */
describe('ClientSession ordering and convergence (property)', () => {
  it('never goes backwards and always converges to the newest value', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 200 }),
        fc.constantFrom(0, 10),
        (steps, batchMs) => {
          const clock = new VirtualClock();
          const stats = new StreamStats();
          const hub = new FanOutHub(clock, new FlushScheduler(clock, batchMs));
          // Some of a stalled peer's bytes leave the process unread: the window sees them.
          const socket = new FakeSocket(() => clock.now(), HIGH_WATER);
          const session = new ClientSession(
            's',
            socket,
            clock,
            {
              heartbeatMs: 1e9,
              highWaterBytes: HIGH_WATER,
              maxBytes: 1e12,
              graceMs: 1e12,
              windowBytes: 4 * HIGH_WATER,
            },
            stats,
          );
          socket.pong = (payload) => session.acknowledge(payload);
          for (const s of SYMBOLS) session.subscriptions.set(s, 100);
          hub.add(session, SYMBOLS);
          const book = new TickerBook();
          let price = 1;

          for (const s of steps) {
            if (s.kind === 'tick') {
              const t = book.apply({
                symbol: s.symbol,
                ts: clock.now(),
                bid: 1,
                ask: 2,
                last: price++,
                lastSize: 1,
              });
              hub.publish(encodeTicker(t!));
            } else if (s.kind === 'wait') clock.advance(s.ms);
            else if (s.kind === 'buffer') {
              if (s.backedUp) {
                socket.stall();
                session.sendControl(
                  JSON.stringify({ type: 'padding', pad: 'x'.repeat(HIGH_WATER) }),
                );
              } else socket.read();
            } else session.subscriptions.set(s.symbol, s.ms);
          }
          socket.read();
          clock.advance(2000);

          const lastSeq = new Map<string, number>();
          for (const t of socket.updates()) {
            expect(t.seq).toBeGreaterThan(lastSeq.get(t.symbol) ?? 0);
            lastSeq.set(t.symbol, t.seq);
          }
          for (const symbol of SYMBOLS) {
            expect(lastSeq.get(symbol)).toBe(book.get(symbol)?.seq);
          }
          expect(session.pendingCount).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
