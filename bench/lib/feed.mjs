// @ts-check
// Runner side of the feeder processes: feeder.mjs (ticks) and book-feeder.mjs (book
// records, for the book scenario); both speak the same IPC.
import { fileURLToPath } from 'node:url';
import { cpuSeconds, startChild } from './proc.mjs';

const ENTRY = fileURLToPath(new URL('./feeder.mjs', import.meta.url));
const BOOK_ENTRY = fileURLToPath(new URL('./book-feeder.mjs', import.meta.url));

export class Feeder {
  /**
   * @param {import('./proc.mjs').Child} child
   * @param {string[]} symbols
   */
  constructor(child, symbols) {
    this.child = child;
    this.symbols = symbols;
    /** The book feeder's deltas between a book's snapshot records. @type {number | undefined} */
    this.snapshotEvery = undefined;
  }

  /**
   * Creates `topic` (3 partitions) if needed, publishes every symbol's opening tick,
   * then feeds at rate 0 until told otherwise.
   * @param {{ brokers: string, topic: string, symbols: number, seed: number }} options
   */
  static async start({ brokers, topic, symbols, seed }) {
    const child = startChild(process.execPath, [ENTRY], {
      ipc: true,
      env: { BROKERS: brokers, TOPIC: topic, SYMBOLS: String(symbols), SEED: String(seed), KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    });
    const ready = await Feeder.#reply(child, 'ready', 120_000);
    return new Feeder(child, ready.symbols);
  }

  /**
   * The book feeder: creates both topics if needed, publishes every book's opening
   * snapshot record and every symbol's opening tick, then feeds book records at rate 0
   * until told otherwise (`setRate` counts book records/s; ticks follow at `tickRate`).
   * @param {{ brokers: string, ticksTopic: string, bookTopic: string, symbols: number, seed: number,
   *   depth: number, tickRate: number, snapshotEvery?: number }} options
   */
  static async startBook({ brokers, ticksTopic, bookTopic, symbols, seed, depth, tickRate, snapshotEvery }) {
    const child = startChild(process.execPath, [BOOK_ENTRY], {
      ipc: true,
      env: {
        BROKERS: brokers,
        TICKS_TOPIC: ticksTopic,
        BOOK_TOPIC: bookTopic,
        SYMBOLS: String(symbols),
        SEED: String(seed),
        DEPTH: String(depth),
        TICK_RATE: String(tickRate),
        SNAPSHOT_EVERY: snapshotEvery === undefined ? '' : String(snapshotEvery),
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
      },
    });
    const ready = await Feeder.#reply(child, 'ready', 120_000);
    const feeder = new Feeder(child, ready.symbols);
    feeder.snapshotEvery = ready.snapshotEvery;
    return feeder;
  }

  /**
   * @param {import('./proc.mjs').Child} child
   * @param {string} type
   * @param {number} timeoutMs
   * @returns {Promise<any>}
   */
  static #reply(child, type, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`feeder: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (/** @type {any} */ msg) => msg.type === type && done(undefined, msg);
      const onExit = () => done(new Error(`feeder exited: ${child.output()}`));
      const done = (/** @type {Error | undefined} */ error, /** @type {any} */ msg = undefined) => {
        clearTimeout(timer);
        child.proc.off('message', onMessage);
        child.proc.off('exit', onExit);
        if (error) reject(error);
        else resolve(msg);
      };
      child.proc.on('message', onMessage);
      child.proc.once('exit', onExit);
    });
  }

  /** @param {any} cmd @param {string} replyType */
  #ask(cmd, replyType) {
    const reply = Feeder.#reply(this.child, replyType, 30_000);
    this.child.proc.send(cmd);
    return reply;
  }

  get pid() {
    return this.child.pid;
  }

  cpuSeconds() {
    return cpuSeconds(this.child.pid);
  }

  /** @param {number} rate ticks/s over all symbols */
  setRate(rate) {
    return this.#ask({ type: 'rate', rate }, 'rate-set');
  }

  /** @param {number} t0 @param {number} t1 */
  window(t0, t1) {
    return this.#ask({ type: 'window', t0, t1 }, 'window-set');
  }

  /** @returns {Promise<{ counts: Record<string, number>, sent: number, avgSendMs: number, maxSendMs: number }>} send times: of the current window */
  report() {
    return this.#ask({ type: 'report' }, 'report');
  }

  /**
   * The book feeder's report of the current window: per symbol the `seq, ts, seq, ts …`
   * of the records that changed the subscribers' view; book records and snapshot
   * records with `ts` in the window; produce round trips of the window.
   * @returns {Promise<{ changes: Record<string, number[]>, records: number, snapshots: number, sent: number, avgSendMs: number, maxSendMs: number }>}
   */
  reportBook() {
    return this.#ask({ type: 'report' }, 'report');
  }

  async stop() {
    try {
      await this.#ask({ type: 'stop' }, 'stopped');
    } catch {
      // already gone
    }
    await this.child.stop(5000);
  }
}
