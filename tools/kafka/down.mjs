#!/usr/bin/env node
// Stop the broker started by up.mjs (per .cache/kafka/state.json) and remove its data.
// Succeeds quietly when nothing is running.
import { isKafkaBrokerProcess, stopBroker } from './broker.mjs';
import { clearState, readState } from './state.mjs';

async function main() {
  const state = readState();
  if (!state) {
    process.stderr.write('[kafka] no local broker running\n');
    return;
  }
  // Only signal the pid if it is still a Kafka broker: after a reboot it may belong to anything.
  const alive = isKafkaBrokerProcess(state.pid);
  await stopBroker({ pid: alive ? state.pid : undefined, dataDir: state.dataDir });
  clearState();
  process.stderr.write(alive
    ? `[kafka] stopped Kafka ${state.version} (pid ${state.pid}) at ${state.bootstrap}\n`
    : '[kafka] broker was not running any more; cleaned up its state\n');
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
