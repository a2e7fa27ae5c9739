import { TICK_SOURCE, type TickSource } from '../../src/ingest/tick-source.js';
import type { TickPublisher } from './support/tick-publisher.js';
import type { Ticker } from '../../src/market/ticker.js';
import type { LocalBroker } from '../../tools/kafka/broker.mjs';
import { metricValue } from '../support/metrics.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClient } from '../support/test-client.js';
import {
  BROKER_START_TIMEOUT_MS,
  KAFKA_TEST_TIMEOUT_MS,
  eventually,
  kafkaEnv,
  kafkaForTests,
  publisherFor,
  tick,
  uniqueTopic,
} from './support/kafka-fixture.js';

describe('Kafka tick source against a real broker', () => {
  let bootstrap: string;
  let broker: LocalBroker | undefined;
  const apps: TestApp[] = [];
  const publishers: TickPublisher[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    ({ bootstrap, broker } = await kafkaForTests());
  }, BROKER_START_TIMEOUT_MS);
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await Promise.all(publishers.splice(0).map((p) => p.disconnect()));
  });
  afterAll(() => broker?.stop());

  async function setup(extraEnv: Record<string, string> = {}, partitions = 3) {
    const topic = uniqueTopic();
    const publisher = await publisherFor(bootstrap, topic, partitions);
    publishers.push(publisher);
    const start = async (): Promise<TestApp> => {
      const app = await startTestApp(kafkaEnv(bootstrap, topic, extraEnv));
      apps.push(app);
      return app;
    };
    const connect = async (app: TestApp): Promise<TestClient> => {
      const client = await TestClient.connect(app.wsUrl);
      clients.push(client);
      await client.request({ op: 'subscribe', id: 'all', symbols: ['*'], throttleMs: 0 });
      return client;
    };
    return { topic, publisher, start, connect };
  }

  const lastOf = (client: TestClient, symbol: string): Ticker | undefined =>
    client
      .updates()
      .filter((t) => t.symbol === symbol)
      .pop() as Ticker | undefined;

  it(
    'delivers produced ticks to a WebSocket client with correct derived fields',
    async () => {
      const { publisher, start, connect } = await setup();
      const app = await start();
      const client = await connect(app);
      const t0 = Date.now();
      await publisher.publish([
        tick('AAPL', 100, { ts: t0, lastSize: 10 }),
        tick('AAPL', 105, { ts: t0 + 1, lastSize: 20 }),
        tick('AAPL', 98, { ts: t0 + 2, lastSize: 30 }),
      ]);
      await client.until(() => lastOf(client, 'AAPL')?.seq === 3);
      expect(lastOf(client, 'AAPL')).toEqual({
        symbol: 'AAPL',
        seq: 3,
        ts: t0 + 2,
        bid: 97.99,
        ask: 98.01,
        last: 98,
        lastSize: 30,
        open: 100,
        high: 105,
        low: 98,
        volume: 60,
        change: -2,
        changePct: -2,
      });
      expect(client.updates().map((t) => t.last)).toEqual([100, 105, 98]);
      // ts is the source event time, so latency is measurable end to end.
      expect(Date.now() - lastOf(client, 'AAPL')!.ts).toBeLessThan(10_000);

      // The feed's own delay is exported: a tick produced 20 s late shows as such.
      await publisher.publish([tick('MSFT', 50, { ts: Date.now() - 20_000 })]);
      await client.until(() => lastOf(client, 'MSFT') !== undefined);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      const ageCount = (le: string): number =>
        metricValue(metrics, 'tickstream_tick_age_seconds_bucket', { le });
      expect(ageCount('10')).toBe(3);
      expect(ageCount('30')).toBe(4);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'skips poison records, counts them by reason, and keeps streaming',
    async () => {
      const { publisher, start, connect } = await setup({}, 1);
      const app = await start();
      const client = await connect(app);
      const good = (last: number) => ({ key: 'MSFT', value: JSON.stringify(tick('MSFT', last)) });
      await publisher.sendRaw([
        good(1),
        { key: 'MSFT', value: 'not json at all' },
        { key: 'MSFT', value: JSON.stringify(tick('msft', 2)) },
        { key: 'MSFT', value: JSON.stringify(tick('MSFT', -3)) },
        { key: 'MSFT', value: JSON.stringify({ ...tick('MSFT', 4), ts: 'yesterday' }) },
        { key: 'IBM', value: JSON.stringify(tick('MSFT', 5)) },
        { key: 'MSFT', value: null },
        good(6),
      ]);
      await client.until(() => lastOf(client, 'MSFT')?.last === 6);
      expect(client.updates().map((t) => t.last)).toEqual([1, 6]);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      const rejected = (reason: string): number =>
        metricValue(metrics, 'tickstream_ingest_rejected_total', { reason });
      expect([
        rejected('json'),
        rejected('symbol'),
        rejected('price'),
        rejected('schema'),
        rejected('key_mismatch'),
      ]).toEqual([2, 1, 1, 1, 1]);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'counts an out-of-order tick and never moves a ticker back in time',
    async () => {
      const { publisher, start, connect } = await setup({}, 1);
      const app = await start();
      const client = await connect(app);
      const t0 = Date.now();
      await publisher.publish([
        tick('NVDA', 10, { ts: t0 }),
        tick('NVDA', 9, { ts: t0 - 1000 }),
        tick('NVDA', 11, { ts: t0 + 1 }),
      ]);
      await client.until(() => lastOf(client, 'NVDA')?.last === 11);
      expect(client.updates().map((t) => t.last)).toEqual([10, 11]);
      const source = app.app.get<TickSource>(TICK_SOURCE);
      expect(source.stats.rejected.get('out_of_order')).toBe(1);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'pauses its partitions when the pipeline is behind and resumes when drained',
    async () => {
      const { publisher, start } = await setup({
        KAFKA_MAX_QUEUE: '200',
        KAFKA_WARM_START_RECORDS: '100000',
      });
      const records = Array.from({ length: 20_000 }, (_, i) => tick(`S${i % 100}`, 100 + i / 1000));
      for (let i = 0; i < records.length; i += 2000)
        await publisher.publish(records.slice(i, i + 2000));
      const app = await start();
      const source = app.app.get<TickSource>(TICK_SOURCE);
      await eventually(
        () => source.stats.recordsReceived >= 20_000 && !source.stats.paused,
        60_000,
        'all records',
      );
      expect(source.stats.pauses).toBeGreaterThanOrEqual(1);
      expect(source.stats.resumes).toBe(source.stats.pauses);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/^tickstream_ingest_pauses_total [1-9]\d*$/m);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'warm start: a restarted service has every recent price before it reports ready',
    async () => {
      const { publisher, start } = await setup();
      const first = await start();
      const symbols = Array.from({ length: 50 }, (_, i) => `W${i}`);
      await publisher.publish(symbols.flatMap((s, i) => [tick(s, 1 + i), tick(s, 100 + i)]));
      const probe = await TestClient.connect(first.wsUrl);
      clients.push(probe);
      await eventually(
        async () =>
          (
            await fetch(`${first.baseUrl}/v1/symbols`).then(
              (r) => r.json() as Promise<{ symbols: string[] }>,
            )
          ).symbols.length === 50,
        30_000,
        'the first instance to see all symbols',
      );
      await first.close();
      apps.splice(apps.indexOf(first), 1);

      const restarted = await start();
      expect((await fetch(`${restarted.baseUrl}/health/ready`)).status).toBe(200);
      const client = await TestClient.connect(restarted.wsUrl);
      clients.push(client);
      await client.request({ op: 'subscribe', id: 1, symbols });
      const snapshot = await client.next('snapshot');
      expect(snapshot.data).toHaveLength(50);
      for (const [i, s] of symbols.entries()) {
        expect(snapshot.data.find((t) => t.symbol === s)).toMatchObject({
          last: 100 + i,
          open: 1 + i,
        });
      }
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'two instances on the same topic serve complete, identical feeds',
    async () => {
      const { publisher, start, connect } = await setup();
      const [a, b] = [await start(), await start()];
      const [ca, cb] = [await connect(a), await connect(b)];
      const symbols = Array.from({ length: 20 }, (_, i) => `D${i}`);
      const t0 = Date.now();
      await publisher.publish(
        Array.from({ length: 500 }, (_, i) => tick(symbols[i % 20]!, 50 + i, { ts: t0 + i })),
      );
      const complete = (c: TestClient): boolean => symbols.every((s) => lastOf(c, s)?.seq === 25);
      await ca.until(() => complete(ca), 30_000);
      await cb.until(() => complete(cb), 30_000);
      const bySymbol = (c: TestClient) =>
        symbols.map((s) =>
          c
            .updates()
            .filter((t) => t.symbol === s)
            .map((t) => JSON.stringify(t)),
        );
      expect(bySymbol(ca)).toEqual(bySymbol(cb));
    },
    KAFKA_TEST_TIMEOUT_MS,
  );
});
