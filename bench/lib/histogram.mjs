// @ts-check
// Latency histogram with 1 ms buckets (tickers carry `ts` in whole ms, so finer
// buckets would not add precision), merged across load-client processes.

/** Latencies at or above this many ms land in the last bucket. */
export const MAX_LATENCY_MS = 60_000;

export class Histogram {
  constructor() {
    this.counts = new Float64Array(MAX_LATENCY_MS + 1);
    this.total = 0;
  }

  /**
   * @param {number} ms
   * @param {number} [n]
   */
  record(ms, n = 1) {
    const bucket = ms < 0 ? 0 : ms > MAX_LATENCY_MS ? MAX_LATENCY_MS : ms | 0;
    this.counts[bucket] += n;
    this.total += n;
  }

  /** Sparse [bucket, count] pairs, for IPC. @returns {number[]} */
  toSparse() {
    /** @type {number[]} */
    const out = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > 0) out.push(i, this.counts[i]);
    return out;
  }

  /** @param {number[]} sparse */
  addSparse(sparse) {
    for (let i = 0; i < sparse.length; i += 2) this.record(sparse[i], sparse[i + 1]);
  }

  /**
   * The latency (ms) below or at which `q` of the samples lie; NaN when empty.
   * @param {number} q  0..1
   */
  quantile(q) {
    if (this.total === 0) return NaN;
    const target = q * this.total;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target) return i;
    }
    return MAX_LATENCY_MS;
  }

  summary() {
    return {
      samples: this.total,
      p50: this.quantile(0.5),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: this.quantile(1),
    };
  }
}
