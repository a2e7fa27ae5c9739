// @ts-check
// Runner side of the load client: starts N load-client processes, spreads the
// connections over them and merges what they measured.
import { fileURLToPath } from 'node:url';
import { Histogram } from './histogram.mjs';
import { cpuSeconds, startChild } from './proc.mjs';

const ENTRY = fileURLToPath(new URL('./load-client.mjs', import.meta.url));

/** @typedef {import('./protocols.mjs').ProtocolName} ProtocolName */
/** @typedef {{ symbols: string[], stalled: boolean }} ClientSpec */

/**
 * @param {{ owed: number, covered: number, delay: number[], entries: number, warnings: number }[]} parts
 */
function mergeBook(parts) {
  const delay = new Histogram();
  let owed = 0;
  let covered = 0;
  let entries = 0;
  let warnings = 0;
  for (const p of parts) {
    delay.addSparse(p.delay);
    owed += p.owed;
    covered += p.covered;
    entries += p.entries;
    warnings += p.warnings;
  }
  return { owed, covered, entries, warnings, delay: delay.summary() };
}

export class LoadClients {
  /**
   * @param {number} processes
   */
  constructor(processes) {
    this.children = Array.from({ length: processes }, () =>
      startChild(process.execPath, ['--max-old-space-size=4096', ENTRY], { ipc: true }),
    );
    /** @type {Promise<any>[]} */
    this.ready = this.children.map((child) => this.#next(child, 'ready'));
  }

  /** Pids of the client processes (for their CPU). */
  get pids() {
    return this.children.map((c) => c.pid);
  }

  /** CPU seconds used by all client processes so far. */
  cpuSeconds() {
    let sum = 0;
    for (const pid of this.pids) {
      try {
        sum += cpuSeconds(pid);
      } catch {
        // exited
      }
    }
    return sum;
  }

  /**
   * @param {import('./proc.mjs').Child} child
   * @param {string} type
   * @returns {Promise<any>}
   */
  #next(child, type) {
    return new Promise((resolve, reject) => {
      const onMessage = (/** @type {any} */ msg) => {
        if (msg.type === type || msg.type === 'error') {
          child.proc.off('message', onMessage);
          child.proc.off('exit', onExit);
          if (msg.type === 'error') reject(new Error(`load client: ${msg.message}`));
          else resolve(msg);
        }
      };
      const onExit = () => reject(new Error(`load client exited: ${child.output()}`));
      child.proc.on('message', onMessage);
      child.proc.once('exit', onExit);
    });
  }

  /**
   * Sends `cmd(i)` to every process and waits for each one's `replyType`.
   * @param {(i: number) => any} cmd
   * @param {string} replyType
   */
  async #all(cmd, replyType) {
    await Promise.all(this.ready);
    return Promise.all(
      this.children.map((child, i) => {
        const reply = this.#next(child, replyType);
        child.proc.send(cmd(i));
        return reply;
      }),
    );
  }

  /**
   * Opens the connections (round-robin over the processes).
   * @param {ProtocolName} protocol
   * @param {string} url
   * @param {ClientSpec[]} clients
   * @param {{ concurrency?: number, timeoutMs?: number, subscription?: import('./protocols.mjs').Subscription }} [options]
   *   subscription: another channel than `ticker` (the book scenario)
   */
  async connect(protocol, url, clients, { concurrency = 200, timeoutMs = 15_000, subscription } = {}) {
    const n = this.children.length;
    const replies = await this.#all(
      (i) => ({
        type: 'connect',
        protocol,
        url,
        clients: clients.filter((_, k) => k % n === i),
        concurrency: Math.ceil(concurrency / n),
        timeoutMs,
        subscription,
      }),
      'connected',
    );
    /** @type {Record<string, number>} */
    const errors = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    return {
      ok: replies.reduce((s, r) => s + r.ok, 0),
      failed: replies.reduce((s, r) => s + r.failed, 0),
      errors,
      ms: Math.max(...replies.map((r) => r.ms)),
    };
  }

  /**
   * Starts a measurement window: tickers with t0 <= ts < t1 are counted. Returns how
   * many connections the processes hold (every one of them counts in the window).
   * @param {number} t0
   * @param {number} t1
   * @returns {Promise<number>}
   */
  async window(t0, t1) {
    const replies = await this.#all(() => ({ type: 'window', t0, t1 }), 'window-set');
    return replies.reduce((s, r) => s + (r.open ?? 0), 0);
  }

  /**
   * Merged counts and latency histogram of the current window: `delivered` counts first
   * arrivals only (latency too), `duplicates` repeats of a (client, symbol, seq) already
   * received, `foreign` tickers of symbols the client did not subscribe to. With `changes` (the book
   * feeder's view changes of the window), also how many of those changes each book
   * subscription was owed and got, and their delays (see bookReport in load-client.mjs).
   * @param {Record<string, number[]>} [changes]
   */
  async report(changes) {
    const replies = await this.#all(() => ({ type: 'report', changes }), 'report');
    const hist = new Histogram();
    /** @type {Record<string, number>} */
    const closes = {};
    /** @type {Record<string, number>} */
    const stalledCloses = {};
    let delivered = 0;
    let duplicates = 0;
    let foreign = 0;
    let seqless = 0;
    let tickers = 0;
    let frames = 0;
    let open = 0;
    for (const r of replies) {
      hist.addSparse(r.hist);
      delivered += r.delivered;
      duplicates += r.duplicates ?? 0;
      foreign += r.foreign ?? 0;
      seqless += r.seqless ?? 0;
      tickers += r.tickers;
      frames += r.frames;
      open += r.open;
      for (const [k, v] of Object.entries(r.closes)) closes[k] = (closes[k] ?? 0) + v;
      for (const [k, v] of Object.entries(r.stalledCloses)) stalledCloses[k] = (stalledCloses[k] ?? 0) + v;
    }
    const book = changes ? mergeBook(replies.map((r) => r.book)) : undefined;
    return { delivered, duplicates, foreign, seqless, tickers, frames, open, closes, stalledCloses, latency: hist.summary(), book };
  }

  /**
   * Connect/subscribe/close storm on every process.
   * @param {ProtocolName} protocol
   * @param {string} url
   * @param {string[][]} symbolSets
   * @param {number} concurrency  slots in total
   * @param {number} durationMs
   */
  async churn(protocol, url, symbolSets, concurrency, durationMs) {
    const n = this.children.length;
    const replies = await this.#all(
      () => ({ type: 'churn', protocol, url, symbolSets, concurrency: Math.ceil(concurrency / n), durationMs, timeoutMs: 10_000 }),
      'churned',
    );
    const hist = new Histogram();
    /** @type {Record<string, number>} */
    const errors = {};
    for (const r of replies) {
      hist.addSparse(r.cycleMs);
      for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    }
    const cycles = replies.reduce((s, r) => s + r.cycles, 0);
    const seconds = Math.max(...replies.map((r) => r.seconds));
    return { cycles, seconds, perSecond: cycles / seconds, errors, cycleMs: hist.summary() };
  }

  /** Drops every connection (TCP reset), keeping the processes for the next set. */
  async drop() {
    await this.#all(() => ({ type: 'drop' }), 'dropped');
  }

  /** Closes every connection and ends the processes. */
  async close() {
    try {
      await Promise.race([this.#all(() => ({ type: 'close' }), 'closed'), new Promise((r) => setTimeout(r, 5000))]);
    } catch {
      // already gone
    }
    await Promise.all(this.children.map((c) => c.stop(3000)));
  }
}
