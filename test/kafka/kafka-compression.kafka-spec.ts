import kafkajs from 'kafkajs';
import type { TickPublisher } from './support/tick-publisher.js';
import {
  COMPRESSION_NAMES,
  registerCompressionCodecs,
  type CompressionName,
} from '../../src/ingest/kafka/compression-codecs.js';
import {
  skipUndecodable,
  type CompressionCodec,
} from '../../src/ingest/kafka/undecodable-batch.js';
import { TICK_SOURCE, type TickSource } from '../../src/ingest/tick-source.js';
import type { Ticker } from '../../src/market/ticker.js';
import type { LocalBroker } from '../../tools/kafka/broker.mjs';
import { metricValue } from '../support/metrics.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClient } from '../support/test-client.js';
import { produceWithJava, storedCodecs } from './support/java-producer.js';
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

const { CompressionCodecs, CompressionTypes, KafkaJSNonRetriableError } = kafkajs;

/** How long a test waits for ticks to travel producer → broker → service → client. */
const DELIVERY_TIMEOUT_MS = 30_000;

describe('Kafka compression codecs and undecodable batches', () => {
  let bootstrap: string;
  let broker: LocalBroker | undefined;
  const apps: TestApp[] = [];
  const publishers: TickPublisher[] = [];
  const clients: TestClient[] = [];
  registerCompressionCodecs();
  /** The snappy codec as the service registers it, restored after each fault injection. */
  const snappy = CompressionCodecs[CompressionTypes.Snappy];

  beforeAll(async () => {
    ({ bootstrap, broker } = await kafkaForTests());
  }, BROKER_START_TIMEOUT_MS);
  afterEach(async () => {
    CompressionCodecs[CompressionTypes.Snappy] = snappy;
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await Promise.all(publishers.splice(0).map((p) => p.disconnect()));
  });
  afterAll(() => broker?.stop());

  /** A one-partition topic, a service consuming it and a client subscribed to everything. */
  async function setup() {
    const topic = uniqueTopic();
    const publisher = async (compression: CompressionName): Promise<TickPublisher> => {
      const created = await publisherFor(bootstrap, topic, 1, compression);
      publishers.push(created);
      return created;
    };
    const plain = await publisher('none');
    const app = await startTestApp(kafkaEnv(bootstrap, topic));
    apps.push(app);
    const client = await TestClient.connect(app.wsUrl);
    clients.push(client);
    await client.request({ op: 'subscribe', id: 1, symbols: ['*'], throttleMs: 0 });
    const ready = async (): Promise<boolean> =>
      (await fetch(`${app.baseUrl}/health/ready`)).status === 200;
    const lasts = (): number[] => client.updates().map((t) => t.last);
    return { topic, app, client, plain, publisher, ready, lasts };
  }

  it.each(COMPRESSION_NAMES)(
    '%s batches from Kafka’s Java producer and from the feeder reach WebSocket clients',
    async (codec) => {
      const { topic, client, publisher, ready, lasts } = await setup();
      const t0 = Date.now();
      const ticks = Array.from({ length: 20 }, (_, i) =>
        tick(`J${i % 4}`, 100 + i, { ts: t0 + i }),
      );
      await produceWithJava({
        bootstrap,
        topic,
        compression: codec,
        version: broker?.version,
        records: ticks.map((t) => ({ key: t.symbol, value: JSON.stringify(t) })),
      });
      await client.until(() => client.updates().length === 20, DELIVERY_TIMEOUT_MS);
      expect(lasts()).toEqual(ticks.map((t) => t.last));

      await (await publisher(codec)).publish([tick('FEED', 7, { ts: t0 + 100 })]);
      await client.until(() => lasts().includes(7), DELIVERY_TIMEOUT_MS);
      // The batches really are stored with the codec (the broker keeps the producer's).
      if (broker) expect(storedCodecs(broker.dataDir, topic)).toEqual([codec, codec]);
      expect(await ready()).toBe(true);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'skips a batch its codec cannot decompress, counts its records, and keeps streaming',
    async () => {
      const { app, client, plain, publisher, ready, lasts } = await setup();
      const snappyPublisher = await publisher('snappy');
      const real = snappy() as CompressionCodec;
      // Corrupt bytes cannot get past a real broker, so the fault is in decompression:
      // the consumer's snappy codec fails on every batch, exactly as it would on corrupt data.
      const failing = skipUndecodable(
        {
          compress: (encoder) => real.compress(encoder),
          decompress: async () => {
            throw new Error('injected: corrupt snappy data');
          },
        },
        CompressionTypes.Snappy,
      );
      CompressionCodecs[CompressionTypes.Snappy] = () => failing;

      const t0 = Date.now();
      await plain.publish([tick('MSFT', 1, { ts: t0 })]);
      await snappyPublisher.publish([2, 3, 4].map((last, i) => tick('MSFT', last, { ts: t0 + i })));
      await plain.publish([tick('MSFT', 5, { ts: t0 + 10 })]);
      await client.until(() => lasts().includes(5), DELIVERY_TIMEOUT_MS);

      expect(lasts()).toEqual([1, 5]);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(metricValue(metrics, 'tickstream_ingest_rejected_total', { reason: 'codec' })).toBe(3);
      expect(app.app.get<TickSource>(TICK_SOURCE).stats.consumerRestarts).toBe(0);
      expect(await ready()).toBe(true);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );

  it(
    'restarts a consumer that crashed on a non-retriable error; not ready until it is back',
    async () => {
      const { app, client, plain, publisher, ready, lasts } = await setup();
      const snappyPublisher = await publisher('snappy');
      await plain.publish([tick('IBM', 1)]);
      await client.until(() => lasts().includes(1), DELIVERY_TIMEOUT_MS);
      await eventually(ready, DELIVERY_TIMEOUT_MS, 'the service to be ready');

      // kafkajs stops a consumer for good after a non-retriable error (the original lz4
      // symptom). Injected below the codec guard, so the fetch itself fails.
      const real = snappy() as CompressionCodec;
      CompressionCodecs[CompressionTypes.Snappy] = () => ({
        compress: (encoder: { buffer: Buffer }) => real.compress(encoder),
        decompress: async () => {
          throw new KafkaJSNonRetriableError('injected non-retriable fault');
        },
      });
      await snappyPublisher.publish([tick('IBM', 2)]);
      await eventually(async () => !(await ready()), DELIVERY_TIMEOUT_MS, 'readiness to drop');
      const body = (await (await fetch(`${app.baseUrl}/health/ready`)).json()) as {
        checks: Record<string, boolean>;
      };
      expect(body.checks['source:kafka']).toBe(false);

      // The fault clears; the next restart reads on from the committed offset.
      CompressionCodecs[CompressionTypes.Snappy] = snappy;
      await client.until(() => lasts().includes(2), DELIVERY_TIMEOUT_MS);
      await eventually(ready, DELIVERY_TIMEOUT_MS, 'readiness to return');
      expect(lasts()).toEqual([1, 2]);
      const source = app.app.get<TickSource>(TICK_SOURCE);
      expect(source.stats.consumerRestarts).toBeGreaterThanOrEqual(1);
      expect((client.updates() as Ticker[]).at(-1)?.volume).toBe(20);
    },
    KAFKA_TEST_TIMEOUT_MS,
  );
});
