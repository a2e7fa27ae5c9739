import { CloseCode } from '../src/protocol/close-codes.js';
import type { ServerMessage } from '../src/protocol/messages.js';
import { StreamStats } from '../src/stream/stream-stats.js';
import { ManualTickSource } from './support/manual-tick.source.js';
import { metricValue } from './support/metrics.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClient } from './support/test-client.js';

/** A bucket bound of the unsent-bytes histogram (MetricsService.UNSENT_BYTES_BUCKETS). */
const BUCKET_BYTES = 262_144;
/** The hard cap for this test: one list reply below a histogram bucket bound. */
const MAX_BYTES = 240 * 1024;
const HIGH_WATER = 64 * 1024;
/** Requests sent per wave before the test yields to the server (same process). */
const WAVE = 200;
/** Bound on the flood: far more reply bytes than loopback's kernel buffers hold. */
const MAX_WAVES = 2000;
const SYMBOLS = Array.from({ length: 200 }, (_, i) => `SYM${String(i).padStart(4, '0')}`);

/**
 * Issue 13 item 7: control replies count against the same byte budget as data.
 * A client that sends requests but never reads their replies is closed with
 * 4008 once its unsent bytes pass SLOW_CONSUMER_MAX_BYTES — by at most one frame.
 */
describe('slow consumers: control replies (real sockets)', () => {
  let service: TestApp;
  let stats: StreamStats;

  beforeEach(async () => {
    const source = new ManualTickSource(new Set(SYMBOLS));
    service = await startTestApp(
      {
        SLOW_CONSUMER_HIGH_WATER_BYTES: String(HIGH_WATER),
        SLOW_CONSUMER_MAX_BYTES: String(MAX_BYTES),
        // Long enough that only the hard cap can close the client here.
        SLOW_CONSUMER_GRACE_MS: '60000',
        MAX_REQUESTS_PER_SECOND: '10000',
        RATE_LIMIT_MAX_STRIKES: '100000',
        MAX_SYMBOLS: '1000',
      },
      source,
    );
    stats = service.app.get(StreamStats);
  });
  afterEach(() => service.close());

  it('a client flooding list and ping without reading is closed with 4008, its unsent bytes within one frame of the cap', async () => {
    const client = await TestClient.connect(service.wsUrl);
    await client.request({ op: 'subscribe', id: 's', symbols: SYMBOLS, snapshot: false });
    const sample = await client.request({ op: 'list', id: 'sample' });
    const replyBytes = Buffer.byteLength(JSON.stringify(sample));
    // The bound below holds only if one reply fits between the cap and the bucket bound.
    expect(MAX_BYTES + replyBytes + 16).toBeLessThanOrEqual(BUCKET_BYTES);

    let peakObserved = 0;
    const observe = stats.observeUnsentBytes;
    stats.observeUnsentBytes = (bytes) => {
      peakObserved = Math.max(peakObserved, bytes);
      observe(bytes);
    };

    client.socket.pause();
    let sent = 0;
    for (let wave = 0; stats.slowConsumerCloses === 0; wave++) {
      if (wave >= MAX_WAVES) throw new Error(`no 4008 after ${sent} requests`);
      for (let i = 0; i < WAVE; i++, sent++) {
        client.send({ op: sent % 2 ? 'ping' : 'list', id: sent });
      }
      // The server runs in this process: let it read and answer the wave.
      await new Promise((resolve) => setImmediate(resolve));
    }

    // Read everything the server wrote: every reply in request order, then the 4008.
    client.socket.resume();
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.SLOW_CONSUMER);
    const ids = client.received
      .filter((m): m is Extract<ServerMessage, { id?: unknown }> => 'id' in m)
      .map((m) => m.id)
      .filter((id): id is number => typeof id === 'number');
    expect(ids).toEqual(ids.map((_, i) => i));
    expect(client.received.some((m) => m.type === 'error')).toBe(false);

    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const count = metricValue(metrics, 'tickstream_unsent_bytes_count');
    const withinOneFrame = metricValue(metrics, 'tickstream_unsent_bytes_bucket', {
      le: String(BUCKET_BYTES),
    });
    console.log(
      `flooding client: ${sent} requests sent, ${ids.length} replies delivered before 4008; ` +
        `peak accounted unsent ${peakObserved} bytes (cap ${MAX_BYTES}, one reply ${replyBytes}); ` +
        `unsent-bytes samples ${count}, ${withinOneFrame} of them <= ${BUCKET_BYTES}`,
    );
    expect(count).toBeGreaterThan(0);
    expect(withinOneFrame).toBe(count);
    expect(peakObserved).toBeGreaterThan(MAX_BYTES);
    expect(peakObserved).toBeLessThanOrEqual(MAX_BYTES + replyBytes + 16);
  });
});
