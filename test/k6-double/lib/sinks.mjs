// Aggregation of samples per metric type, as k6's sinks do. The figures match k6's, except that
// Trend percentiles here are exact (linear interpolation over every sample) where k6 now uses an
// HDR histogram; they may differ in the last digits.

/**
 * A sink for metrics of `type`.
 * @param {'counter' | 'gauge' | 'rate' | 'trend'} type
 */
export function createSink(type) {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink();
    default:
      throw new Error(`unknown metric type ${type}`);
  }
}

class CounterSink {
  count = 0;
  add(value) {
    this.count += value;
  }
  /** @param {number} durationMs test run duration, for `rate` (per second) */
  values(durationMs) {
    return { count: this.count, rate: durationMs > 0 ? this.count / (durationMs / 1000) : 0 };
  }
}

class GaugeSink {
  value = 0;
  min = 0;
  max = 0;
  empty = true;
  add(value) {
    this.value = value;
    this.min = this.empty ? value : Math.min(this.min, value);
    this.max = this.empty ? value : Math.max(this.max, value);
    this.empty = false;
  }
  values() {
    return { value: this.value, min: this.min, max: this.max };
  }
}

class RateSink {
  passes = 0;
  fails = 0;
  add(value) {
    if (value !== 0) this.passes++;
    else this.fails++;
  }
  values() {
    const total = this.passes + this.fails;
    return { rate: total > 0 ? this.passes / total : 0, passes: this.passes, fails: this.fails };
  }
}

class TrendSink {
  /** @type {number[]} */
  samples = [];
  sorted = true;
  sum = 0;
  add(value) {
    if (this.samples.length > 0 && value < this.samples[this.samples.length - 1])
      this.sorted = false;
    this.samples.push(value);
    this.sum += value;
  }
  /**
   * One statistic: avg, min, med, max, count, or p(N); 0 for an empty trend, as in k6.
   * @param {string} stat
   */
  stat(stat) {
    const n = this.samples.length;
    if (stat === 'count') return n;
    if (n === 0) return 0;
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    if (stat === 'avg') return this.sum / n;
    if (stat === 'min') return this.samples[0];
    if (stat === 'max') return this.samples[n - 1];
    if (stat === 'med') return this.percentile(50);
    const match = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
    if (match) return this.percentile(Number(match[1]));
    throw new Error(`unknown trend statistic '${stat}'`);
  }
  /** @param {number} pct 0..100 */
  percentile(pct) {
    const index = (pct / 100) * (this.samples.length - 1);
    const lower = this.samples[Math.floor(index)];
    const upper = this.samples[Math.ceil(index)];
    return lower + (upper - lower) * (index - Math.floor(index));
  }
  /** @param {number} _durationMs @param {string[]} stats summaryTrendStats */
  values(_durationMs, stats) {
    return Object.fromEntries(stats.map((stat) => [stat, this.stat(stat)]));
  }
}

/** Trend statistics k6 accepts in summaryTrendStats (besides p(N)). */
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'count'];
