// The summary printed when the script has no handleSummary(): thresholds with their measured
// value, checks (each failed one by name), one line per metric, and how the iterations ended.

/**
 * @param {object} input
 * @param {string} input.script
 * @param {ReturnType<typeof import('./summary-data.mjs').buildSummaryData>} input.data
 * @param {import('./thresholds.mjs').Threshold[]} input.thresholds
 * @param {typeof import('./run-state.mjs').runState} input.state
 * @returns {string}
 */
export function textSummary({ script, data, thresholds, state }) {
  const lines = ['', `  k6 test double: ${script}`, ''];
  if (thresholds.length > 0) {
    lines.push('  █ THRESHOLDS');
    for (const t of thresholds)
      lines.push(
        `    ${t.ok ? '✓' : '✗'} ${t.metricKey}: ${t.expression}  (${t.aggregation}=${fmt(t.measured)})`,
      );
    lines.push('');
  }
  const checks = data.root_group.checks;
  const passes = checks.reduce((sum, c) => sum + c.passes, 0);
  const fails = checks.reduce((sum, c) => sum + c.fails, 0);
  lines.push(`  █ CHECKS  ${passes} passed, ${fails} failed`);
  for (const c of checks)
    lines.push(
      `    ${c.fails === 0 ? '✓' : '✗'} ${c.name}${c.fails === 0 ? '' : `  (${c.fails} failed, ${c.passes} passed)`}`,
    );
  lines.push('', '  █ METRICS');
  for (const [name, metric] of Object.entries(data.metrics).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const values = Object.entries(metric.values)
      .map(
        ([key, value]) =>
          `${key}=${metric.contains === 'time' && key !== 'count' ? `${fmt(value)}ms` : fmt(value)}`,
      )
      .join(' ');
    lines.push(`    ${`${name} `.padEnd(44, '.')} ${values}`);
  }
  lines.push(
    '',
    `  █ EXECUTION  ${state.iterationsCompleted} iterations complete (${state.iterationErrors} ended with an error), ${state.iterationsInterrupted} interrupted; ${state.vusInitialized} VUs`,
    '',
  );
  return `${lines.join('\n')}\n`;
}

function fmt(value) {
  if (typeof value !== 'number' || Number.isNaN(value)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
