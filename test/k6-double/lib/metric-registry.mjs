// All metrics of the test run, shared by every VU (k6 aggregates samples across VUs too), and the
// tag-selected sub-metrics that thresholds name: k6 tracks `name{tag:value}` only when a
// threshold mentions it, so samples are matched against those selectors as they arrive.
import { createSink } from './sinks.mjs';

/** k6's rule for metric names. */
const METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

/**
 * @typedef {object} Metric
 * @property {string} name
 * @property {'counter' | 'gauge' | 'rate' | 'trend'} type
 * @property {'default' | 'time'} contains
 * @property {ReturnType<typeof createSink>} sink
 * @property {Map<string, Submetric>} submetrics by their full name, e.g. `checks{check:x}`
 * @property {boolean} observed true once a sample arrived
 */
/**
 * @typedef {object} Submetric
 * @property {string} name
 * @property {Metric} parent
 * @property {Record<string, string>} tags
 * @property {ReturnType<typeof createSink>} sink
 */

/** @type {Map<string, Metric>} */
const metrics = new Map();

/**
 * Registers a metric, or returns the one of that name (each VU's init code declares it again).
 * @param {string} name
 * @param {Metric['type']} type
 * @param {boolean} [isTime]
 * @returns {Metric}
 */
export function defineMetric(name, type, isTime = false) {
  if (typeof name !== 'string' || !METRIC_NAME.test(name))
    throw new Error(`invalid metric name '${name}': use letters, digits and '_' (max 128)`);
  const contains = isTime ? 'time' : 'default';
  const existing = metrics.get(name);
  if (existing) {
    if (existing.type !== type || existing.contains !== contains)
      throw new Error(
        `metric '${name}' already exists as a ${existing.type} (${existing.contains}), not a ${type} (${contains})`,
      );
    return existing;
  }
  const metric = {
    name,
    type,
    contains,
    sink: createSink(type),
    submetrics: new Map(),
    observed: false,
  };
  metrics.set(name, metric);
  return metric;
}

/** @param {string} name */
export function findMetric(name) {
  return metrics.get(name);
}

/** Every registered metric, in registration order. */
export function allMetrics() {
  return [...metrics.values()];
}

/**
 * The sub-metric of `metric` selecting samples whose tags include `tags`.
 * @param {Metric} metric
 * @param {string} name full name as written in the threshold
 * @param {Record<string, string>} tags
 * @returns {Submetric}
 */
export function defineSubmetric(metric, name, tags) {
  let submetric = metric.submetrics.get(name);
  if (!submetric) {
    submetric = { name, parent: metric, tags, sink: createSink(metric.type) };
    metric.submetrics.set(name, submetric);
  }
  return submetric;
}

/**
 * Records one sample.
 * @param {Metric} metric
 * @param {number} value
 * @param {Record<string, string>} tags
 */
export function addSample(metric, value, tags) {
  metric.sink.add(value);
  metric.observed = true;
  for (const submetric of metric.submetrics.values()) {
    if (Object.entries(submetric.tags).every(([key, wanted]) => tags[key] === wanted))
      submetric.sink.add(value);
  }
}

/**
 * The tags of a sample taken by VU code: k6's `scenario` system tag and the scenario's tags,
 * then `extra` (string values, as k6 stores tags).
 * @param {{ scenario?: { name: string, tags: Record<string, string> } } | undefined} iteration
 * @param {Record<string, unknown>} [extra]
 * @returns {Record<string, string>}
 */
export function sampleTags(iteration, extra = {}) {
  const tags = {};
  const scenario = iteration?.scenario;
  if (scenario) Object.assign(tags, scenario.tags, { scenario: scenario.name });
  for (const [key, value] of Object.entries(extra)) tags[key] = String(value);
  return tags;
}
