import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_KAFKA_VERSION } from '../tools/kafka/broker.mjs';
import { loadConfig } from '../src/config/load-config.js';
import { parseFeedOptions } from '../src/ingest/feed/feed-options.js';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  profiles?: string[];
  volumes?: string[];
}

const root = new URL('../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as {
  services: Record<string, Service>;
};
const env = (service: Service): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));

/** docker-compose.yml cannot run here (no Docker engine): its values are checked against the app instead. */
describe('docker-compose.yml', () => {
  const { kafka, tickstream, feed } = compose.services;

  it('runs the official Kafka image in KRaft mode, advertising the address the others use', () => {
    // The broker version the Kafka suites run by default, so users get what CI tests.
    expect(kafka?.image).toBe(`apache/kafka:\${KAFKA_IMAGE_TAG:-${DEFAULT_KAFKA_VERSION}}`);
    const kafkaEnv = env(kafka!);
    expect(kafkaEnv.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafkaEnv.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${kafkaEnv.KAFKA_NODE_ID}@kafka:9093`);
    const advertised = kafkaEnv.KAFKA_ADVERTISED_LISTENERS!.replace('PLAINTEXT://', '');
    expect(env(tickstream!).KAFKA_BROKERS).toBe(advertised);
    expect(env(feed!).KAFKA_BROKERS).toBe(advertised);
  });

  it("gives the service a configuration the app's own loader accepts, on the published port", () => {
    const config = loadConfig(env(tickstream!));
    expect(config.kafka?.brokers).toEqual(['kafka:9092']);
    expect(tickstream?.ports).toEqual([`${config.port}:${config.port}`]);
  });

  it('feeds the topic the service consumes, with options the feeder accepts', () => {
    const command = feed!.command!;
    expect(command.slice(0, 2)).toEqual(['node', 'dist/ingest/feed/feed.cli.js']);
    const options = parseFeedOptions(command.slice(2), env(feed!));
    expect([options.topic]).toEqual(loadConfig(env(tickstream!)).kafka?.topics);
  });

  it('offers k6 only under the load profile, from the official image, aimed at the service by name', () => {
    const { k6 } = compose.services;
    expect(k6?.image).toMatch(/^grafana\/k6:/);
    expect(k6?.profiles).toEqual(['load']);
    expect(k6?.volumes).toContain('./load:/load:ro');
    const port = loadConfig(env(tickstream!)).port;
    expect(env(k6!)).toMatchObject({
      TARGET_URL: `ws://tickstream:${port}/v1/stream`,
      BASE_URL: `http://tickstream:${port}`,
    });
  });

  it('builds from the Dockerfile that runs the built service', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(tickstream?.build).toBe('.');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main\.js"\]/);
  });
});
