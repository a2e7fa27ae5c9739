// options.thresholds, as k6 reads them: `metric` or `metric{tag:value,...}` mapped to expressions
// `aggregation operator number` (k6's metrics/thresholds_parser.go grammar), checked against the
// metric's type at start (a bad one exits 104) and evaluated once at the end, empty sinks included
// (an empty Trend's p(95) is 0, an empty Rate's rate is 0), as k6 does when the test finishes.
import { ConfigError } from './duration.mjs';
import { defineSubmetric, findMetric } from './metric-registry.mjs';

/** Longer operators first: the scan takes the first one found. */
const OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='];
const AGGREGATIONS = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};
const PERCENTILE = /^p\((\d+(?:\.\d+)?)\)$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * @typedef {object} Threshold
 * @property {string} metricKey the key as written in options (`name` or `name{tag:value}`)
 * @property {string} expression as written, e.g. `p(95)<250`
 * @property {import('./metric-registry.mjs').Metric} metric the metric (parent of a sub-metric)
 * @property {{ sink: object }} source the metric or sub-metric whose samples it reads
 * @property {string} aggregation count, rate, value, avg, min, max, med or p(N)
 * @property {string} operator
 * @property {number} bound
 * @property {boolean | undefined} ok set by {@link evaluateThresholds}
 * @property {number | undefined} measured set by {@link evaluateThresholds}
 */

/**
 * Parses and validates options.thresholds; throws ConfigError naming what is wrong.
 * @param {Record<string, unknown> | undefined} option
 * @returns {Threshold[]}
 */
export function parseThresholds(option) {
  if (option === undefined) return [];
  if (option === null || typeof option !== 'object')
    throw new ConfigError('options.thresholds must be an object');
  const thresholds = [];
  for (const [metricKey, list] of Object.entries(option)) {
    const { name, tags } = parseMetricKey(metricKey);
    const metric = findMetric(name);
    if (metric === undefined)
      throw new ConfigError(
        `invalid threshold defined on ${metricKey}; reason: no metric name "${name}" found`,
      );
    const source = tags === undefined ? metric : defineSubmetric(metric, metricKey, tags);
    for (const entry of Array.isArray(list) ? list : [list]) {
      const expression = expressionOf(metricKey, entry);
      const parsed = parseExpression(metricKey, expression);
      const allowed = AGGREGATIONS[metric.type];
      const method = PERCENTILE.test(parsed.aggregation) ? 'p(N)' : parsed.aggregation;
      if (!allowed.includes(method)) {
        throw new ConfigError(
          `invalid threshold expression '${expression}' on ${metricKey}: a ${metric.type} metric supports ${allowed.join(', ')}`,
        );
      }
      thresholds.push({
        metricKey,
        expression,
        metric,
        source,
        ...parsed,
        ok: undefined,
        measured: undefined,
      });
    }
  }
  return thresholds;
}

/**
 * Evaluates every threshold against its sink; sets `ok` and `measured`.
 * @param {Threshold[]} thresholds
 * @param {number} durationMs test run duration (a Counter's `rate` is per second of it)
 */
export function evaluateThresholds(thresholds, durationMs) {
  for (const threshold of thresholds) {
    const sink = threshold.source.sink;
    const measured =
      threshold.metric.type === 'trend'
        ? sink.stat(threshold.aggregation)
        : sink.values(durationMs)[threshold.aggregation];
    threshold.measured = measured;
    threshold.ok = compare(measured, threshold.operator, threshold.bound);
  }
}

/**
 * `name` or `name{tag:value,...}` -> name and tag selector (values unquoted).
 * @param {string} key
 */
function parseMetricKey(key) {
  const match = /^([^{]+?)\s*(?:\{(.*)\})?$/.exec(key.trim());
  if (!match) throw new ConfigError(`invalid threshold metric '${key}'`);
  if (match[2] === undefined) return { name: match[1], tags: undefined };
  const tags = {};
  for (const part of match[2].split(',')) {
    const colon = part.indexOf(':');
    const tag = part.slice(0, colon).trim();
    const value = part
      .slice(colon + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
    if (colon < 1 || tag === '')
      throw new ConfigError(`invalid tag selector '${part}' in threshold metric '${key}'`);
    tags[tag] = value;
  }
  return { name: match[1], tags };
}

function expressionOf(metricKey, entry) {
  if (typeof entry === 'string') return entry;
  if (entry !== null && typeof entry === 'object' && typeof entry.threshold === 'string') {
    if (entry.abortOnFail)
      throw new ConfigError(
        `threshold '${entry.threshold}' on ${metricKey}: abortOnFail is not emulated`,
      );
    return entry.threshold;
  }
  throw new ConfigError(`invalid threshold on ${metricKey}: ${JSON.stringify(entry)}`);
}

function parseExpression(metricKey, expression) {
  for (const operator of OPERATORS) {
    const at = expression.indexOf(operator);
    if (at < 0) continue;
    const aggregation = expression.slice(0, at).trim();
    const value = expression.slice(at + operator.length).trim();
    const known = ['value', 'count', 'rate', 'avg', 'min', 'med', 'max'].includes(aggregation);
    if (!known && !PERCENTILE.test(aggregation))
      throw new ConfigError(
        `failed parsing threshold expression '${expression}' on ${metricKey}: unknown aggregation '${aggregation}'`,
      );
    if (!NUMBER.test(value))
      throw new ConfigError(
        `failed parsing threshold expression '${expression}' on ${metricKey}: '${value}' is not a number`,
      );
    return { aggregation: normalizePercentile(aggregation), operator, bound: Number(value) };
  }
  throw new ConfigError(
    `failed parsing threshold expression '${expression}' on ${metricKey}: malformed threshold expression`,
  );
}

/** `p(95.0)` and `p(95)` read the same statistic. */
function normalizePercentile(aggregation) {
  const match = PERCENTILE.exec(aggregation);
  return match ? `p(${Number(match[1])})` : aggregation;
}

function compare(measured, operator, bound) {
  switch (operator) {
    case '<':
      return measured < bound;
    case '<=':
      return measured <= bound;
    case '>':
      return measured > bound;
    case '>=':
      return measured >= bound;
    case '==':
    case '===':
      return measured === bound;
    case '!=':
      return measured !== bound;
    default:
      throw new Error(`unknown operator ${operator}`);
  }
}
