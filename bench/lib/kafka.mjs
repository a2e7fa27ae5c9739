// @ts-check
// The Kafka broker for a bench run: KAFKA_BROKERS when set, otherwise a local
// single-node broker from tools/kafka (jars cached in .cache/kafka), stopped at the end.
import { startLocalBroker } from '../../tools/kafka/broker.mjs';

/**
 * @returns {Promise<{ bootstrap: string, stop: () => Promise<void>, local: boolean, pid?: number }>}
 */
export async function ensureBroker() {
  const given = process.env.KAFKA_BROKERS?.trim();
  if (given) return { bootstrap: given, stop: async () => {}, local: false };
  process.stderr.write('[bench] KAFKA_BROKERS unset: starting a local Kafka broker (tools/kafka)\n');
  const broker = await startLocalBroker({ quiet: true });
  return { bootstrap: broker.bootstrap, stop: () => broker.stop(), local: true, pid: broker.pid };
}
