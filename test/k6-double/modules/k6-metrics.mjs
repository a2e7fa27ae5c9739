// `k6/metrics`: Counter, Gauge, Rate and Trend. As in k6 they are declared in init code (module
// level), and add() is VU code; every VU's declaration of a name refers to the one test-wide metric.
import { log } from '../lib/log.mjs';
import { addSample, defineMetric, sampleTags } from '../lib/metric-registry.mjs';
import { inInitContext, requireIteration } from '../lib/vu-context.mjs';

class Metric {
  #metric;
  #warned = false;

  /**
   * @param {string} name
   * @param {boolean | undefined} isTime values are durations in ms (`contains: 'time'`)
   * @param {'counter' | 'gauge' | 'rate' | 'trend'} type
   */
  constructor(name, isTime, type) {
    if (!inInitContext()) throw new Error('metrics must be declared in the init context');
    this.#metric = defineMetric(name, type, isTime === true);
    this.name = name;
  }

  /**
   * Records `value` (booleans count as 1/0) with `tags`; false when the value is not a number.
   * @param {number | boolean} value
   * @param {Record<string, unknown>} [tags]
   */
  add(value, tags) {
    const iteration = requireIteration(`${this.name}.add()`);
    if (!iteration.active) return false;
    const number = Number(value);
    if (!Number.isFinite(number)) {
      if (!this.#warned) log('warn', `${this.name}.add(${String(value)}): not a number, dropped`);
      this.#warned = true;
      return false;
    }
    addSample(this.#metric, number, sampleTags(iteration, tags));
    return true;
  }
}

/** A cumulative sum. */
export class Counter extends Metric {
  constructor(name, isTime) {
    super(name, isTime, 'counter');
  }
}

/** The last value (with min and max). */
export class Gauge extends Metric {
  constructor(name, isTime) {
    super(name, isTime, 'gauge');
  }
}

/** The share of non-zero values. */
export class Rate extends Metric {
  constructor(name, isTime) {
    super(name, isTime, 'rate');
  }
}

/** A distribution: avg, min, med, max, percentiles. */
export class Trend extends Metric {
  constructor(name, isTime) {
    super(name, isTime, 'trend');
  }
}
