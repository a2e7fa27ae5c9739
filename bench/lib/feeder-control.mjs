// @ts-check
// What the two feeder processes (feeder.mjs, book-feeder.mjs) share: the IPC protocol
// the harness drives them with (rate, window, report, stop), the measurement window,
// the produce round-trip statistics and the topic set-up. Each feeder keeps its own
// window counts and adds them to the report.

/** @typedef {import('kafkajs').Kafka} Kafka */
/** @typedef {import('kafkajs').Producer} Producer */

/** @param {any} msg */
export const reply = (msg) => process.send?.(msg);

export class FeederControl {
  /** Offered records per second, set by the harness. */
  rate = 0;
  t0 = Infinity;
  t1 = -Infinity;
  stopping = false;
  /** Records sent since start. */
  sent = 0;
  /** Produce round trips (send → ack) of sends started in the window. */
  #sendMs = 0;
  #maxSendMs = 0;
  #sends = 0;

  /** @param {number} ms */
  inWindow(ms) {
    return ms >= this.t0 && ms < this.t1;
  }

  /**
   * Runs one produce of `count` records and times it when it started in the window.
   * @param {number} count
   * @param {() => Promise<unknown>} send
   */
  async timedSend(count, send) {
    const started = Date.now();
    const inWindow = this.inWindow(started);
    await send();
    this.sent += count;
    if (!inWindow) return;
    const ms = Date.now() - started;
    this.#sendMs += ms;
    this.#sends++;
    if (ms > this.#maxSendMs) this.#maxSendMs = ms;
  }

  /**
   * Answers the harness's commands until `stop`; `onWindow` resets the feeder's own
   * window counts, `report` gives them for the report.
   * @param {Producer} producer
   * @param {{ onWindow: () => void, report: () => Record<string, unknown> }} feeder
   */
  serve(producer, { onWindow, report }) {
    process.on('message', async (/** @type {any} */ cmd) => {
      if (cmd.type === 'rate') {
        this.rate = cmd.rate;
        reply({ type: 'rate-set' });
      } else if (cmd.type === 'window') {
        this.t0 = cmd.t0;
        this.t1 = cmd.t1;
        this.#sendMs = 0;
        this.#maxSendMs = 0;
        this.#sends = 0;
        onWindow();
        reply({ type: 'window-set' });
      } else if (cmd.type === 'report') {
        const avgSendMs = this.#sends ? this.#sendMs / this.#sends : 0;
        reply({ type: 'report', ...report(), sent: this.sent, avgSendMs, maxSendMs: this.#maxSendMs });
      } else if (cmd.type === 'stop') {
        this.stopping = true;
        await producer.disconnect().catch(() => {});
        reply({ type: 'stopped' });
        process.exit(0);
      }
    });
    process.on('disconnect', () => process.exit(0));
  }
}

/**
 * Creates those of `topics` that do not exist yet, with `partitions` partitions each.
 * @param {Kafka} kafka
 * @param {string[]} topics
 * @param {number} partitions
 */
export async function ensureTopics(kafka, topics, partitions) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: partitions })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
