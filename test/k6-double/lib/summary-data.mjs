// The object k6 passes to handleSummary(data): metrics with samples or thresholds (sub-metrics
// named in thresholds included, even without samples), each with `type`, `contains`, `values`
// (Trend values per summaryTrendStats) and `thresholds` ({ expression: { ok } }); the root
// group's checks; options; state. Groups are not emulated, so root_group.groups is empty.
import { createHash } from 'node:crypto';
import { checkResults } from './checks.mjs';
import { allMetrics } from './metric-registry.mjs';

/**
 * @param {object} input
 * @param {import('./thresholds.mjs').Threshold[]} input.thresholds evaluated thresholds
 * @param {string[]} input.summaryTrendStats
 * @param {number} input.durationMs test run duration
 * @param {unknown} input.setupData
 */
export function buildSummaryData({ thresholds, summaryTrendStats, durationMs, setupData }) {
  const byKey = new Map();
  for (const threshold of thresholds) {
    const entry = byKey.get(threshold.metricKey) ?? {};
    entry[threshold.expression] = { ok: threshold.ok };
    byKey.set(threshold.metricKey, entry);
  }
  const metrics = {};
  const describe = (metric, sink, key) => {
    const summary = {
      type: metric.type,
      contains: metric.contains,
      values: sink.values(durationMs, summaryTrendStats),
    };
    if (byKey.has(key)) summary.thresholds = byKey.get(key);
    return summary;
  };
  for (const metric of allMetrics()) {
    if (metric.observed || byKey.has(metric.name))
      metrics[metric.name] = describe(metric, metric.sink, metric.name);
    for (const submetric of metric.submetrics.values())
      metrics[submetric.name] = describe(metric, submetric.sink, submetric.name);
  }
  return {
    root_group: {
      name: '',
      path: '',
      id: groupId(''),
      groups: [],
      checks: [...checkResults].map(([name, { passes, fails }]) => ({
        name,
        path: `::${name}`,
        id: groupId(`::${name}`),
        passes,
        fails,
      })),
    },
    options: { summaryTrendStats, summaryTimeUnit: '', noColor: true },
    state: {
      isStdOutTTY: Boolean(process.stdout.isTTY),
      isStdErrTTY: Boolean(process.stderr.isTTY),
      testRunDurationMs: durationMs,
    },
    metrics,
    setup_data: setupData,
  };
}

/** k6 identifies groups and checks by the MD5 of their path. */
function groupId(path) {
  return createHash('md5').update(path).digest('hex');
}
