import { startLocalBroker, type LocalBroker } from '../../tools/kafka/broker.mjs';
import type { TickPublisher } from './support/tick-publisher.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClient } from '../support/test-client.js';
import {
  BROKER_START_TIMEOUT_MS,
  KAFKA_TEST_TIMEOUT_MS,
  eventually,
  kafkaEnv,
  publisherFor,
  tick,
  uniqueTopic,
} from './support/kafka-fixture.js';

/**
 * Broker outage mid-stream. This suite always runs its own local broker,
 * even when KAFKA_BROKERS is given, because it has to stop and restart it.
 */
describe('Kafka outage', () => {
  let broker: LocalBroker;
  let app: TestApp;
  let publisher: TickPublisher;

  beforeAll(async () => {
    broker = await startLocalBroker({ quiet: true });
  }, BROKER_START_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    await publisher?.disconnect().catch(() => undefined);
    await broker?.stop();
  }, KAFKA_TEST_TIMEOUT_MS);

  it(
    'the service survives a broker restart: clients stay connected, readiness drops and returns, updates resume',
    async () => {
      const topic = uniqueTopic();
      publisher = await publisherFor(broker.bootstrap, topic, 1);
      app = await startTestApp(kafkaEnv(broker.bootstrap, topic, { HEARTBEAT_MS: '500' }));
      const ready = async (): Promise<boolean> =>
        (await fetch(`${app.baseUrl}/health/ready`)).status === 200;
      const client = await TestClient.connect(app.wsUrl);
      await client.request({ op: 'subscribe', id: 1, symbols: ['*'], throttleMs: 0 });
      await publisher.publish([tick('AAPL', 1)]);
      await client.until(() => client.updates().some((t) => t.last === 1));
      expect(await ready()).toBe(true);

      const restarting = broker.restart();
      await eventually(
        async () => !(await ready()),
        30_000,
        'readiness to turn false while the broker is down',
      );
      const heartbeatsBefore = client.received.filter((m) => m.type === 'heartbeat').length;
      await restarting;

      await publisher.publish([tick('AAPL', 2)]);
      await client.until(() => client.updates().some((t) => t.last === 2), 90_000);
      await eventually(ready, 30_000, 'readiness to return');
      expect(client.socket.readyState).toBe(client.socket.OPEN);
      expect(client.received.filter((m) => m.type === 'heartbeat').length).toBeGreaterThan(
        heartbeatsBefore,
      );
      expect(client.updates().map((t) => t.last)).toEqual([1, 2]);
      client.close();
    },
    KAFKA_TEST_TIMEOUT_MS * 2,
  );
});
