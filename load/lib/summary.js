// A compact end-of-test report (handleSummary) focused on the figures that matter for a
// market-data stream: delivered tickers/s, end-to-end latency percentiles, errors by code,
// unexpected closes, and every threshold with its measured value.
// SUMMARY_JSON=<file> also writes k6's full summary data as JSON.
import { Channel, CloseCode, ErrorCode } from './protocol.js';

/**
 * Adds always-passing thresholds (`count>=0`) so k6 keeps the per-tag sub-metrics the report
 * shows (k6 only tracks a tag sub-metric that some threshold mentions): tickers by kind, errors
 * by code, unexpected closes by code. Thresholds already in `thresholds` are kept as they are.
 * The `count>=0` ones are not listed in the report's thresholds section.
 */
/**
 * The protocol invariants every script holds the service to: no unexpected error or
 * close, no failed connect, seq strictly increasing (trades: +1), snapshot before updates,
 * candles in order, every request answered, every book entry matching its checksum.
 */
export const PROTOCOL_INVARIANTS = Object.freeze({
  'protocol_errors{expected:false}': ['count==0'],
  ws_connect_failures: ['count==0'],
  ws_unexpected_closes: ['count==0'],
  seq_violations: ['count==0'],
  order_violations: ['count==0'],
  unanswered_requests: ['count==0'],
  book_checksum_mismatches: ['count==0'],
});

export function withBreakdown(thresholds) {
  const extra = {
    'tickers_received{kind:update}': ['count>=0'],
    'tickers_received{kind:snapshot}': ['count>=0'],
    'channel_entries_received{kind:update}': ['count>=0'],
    'channel_entries_received{kind:snapshot}': ['count>=0'],
  };
  for (const channel of Object.values(Channel)) {
    if (channel !== Channel.TICKER)
      extra[`channel_entries_received{channel:${channel}}`] = ['count>=0'];
  }
  for (const code of Object.values(ErrorCode))
    extra[`protocol_errors{code:${code}}`] = ['count>=0'];
  for (const code of Object.values(CloseCode)) {
    if (code !== CloseCode.NORMAL) extra[`ws_unexpected_closes{code:${code}}`] = ['count>=0'];
  }
  return Object.assign(extra, thresholds);
}

/**
 * @param {object} spec
 * @param {string} spec.title one line describing the run (VUs, connections, symbols ...)
 * @param {number} [spec.windowMs] steady-state window for `tickers_in_window` (tickers/s)
 */
export function makeHandleSummary({ title, windowMs }) {
  return function handleSummary(data) {
    const m = data.metrics;
    const lines = [];
    const row = (label, value) => lines.push(`  ${label.padEnd(28)} ${value}`);
    const durationMs = data.state && data.state.testRunDurationMs;

    lines.push('', `█ ${title}`, `  run time ${fmtMs(durationMs)}`, '');
    const updates = m['tickers_received{kind:update}'];
    const all = m.tickers_received;
    if (all) {
      const snapshots = m['tickers_received{kind:snapshot}'];
      row(
        'tickers received',
        `${fmtInt(all.values.count)} (updates ${fmtInt(updates ? updates.values.count : 0)}, snapshot ${fmtInt(snapshots ? snapshots.values.count : 0)})`,
      );
      if (updates && durationMs)
        row('update tickers/s (whole run)', fmtNum(updates.values.count / (durationMs / 1000)));
    }
    const entries = m.channel_entries_received;
    if (entries && entries.values.count > 0) {
      const kind = (k) =>
        (m[`channel_entries_received{kind:${k}}`] || { values: { count: 0 } }).values.count;
      row(
        'channel entries received',
        `${fmtInt(entries.values.count)} (updates ${fmtInt(kind('update'))}, snapshot ${fmtInt(kind('snapshot'))})${breakdown(m, 'channel_entries_received', 'channel')}`,
      );
      if (durationMs)
        row('update entries/s (whole run)', fmtNum(kind('update') / (durationMs / 1000)));
    }
    if (m.tickers_in_window && windowMs) {
      row(
        'update tickers/s (steady)',
        `${fmtNum(m.tickers_in_window.values.count / (windowMs / 1000))}  (over the ${fmtMs(windowMs)} hold window)`,
      );
    }
    if (m.entries_in_window && windowMs) {
      row(
        'update entries/s (steady)',
        `${fmtNum(m.entries_in_window.values.count / (windowMs / 1000))}  (over the ${fmtMs(windowMs)} hold window)`,
      );
    }
    if (m.ws_msgs_received)
      row(
        'ws frames received',
        `${fmtInt(m.ws_msgs_received.values.count)} (${fmtNum(m.ws_msgs_received.values.rate)}/s)`,
      );
    trendRow(row, 'latency now-ts (updates)', m.ticker_latency);
    trendRow(row, 'latency now-ts (trades/book)', m.channel_latency);
    trendRow(row, 'k6 backlog (client queue)', m.client_queue_delay);
    trendRow(row, 'time to snapshot', m.time_to_snapshot);
    trendRow(row, 'request round trip', m.request_rtt);
    trendRow(row, 'ws connecting', m.ws_connecting);
    if (m.ws_sessions) row('ws sessions opened', fmtInt(m.ws_sessions.values.count));
    if (m.ws_connect_failures)
      row('ws connect failures', fmtInt(m.ws_connect_failures.values.count));
    row(
      'unexpected closes',
      `${count(m.ws_unexpected_closes)}${breakdown(m, 'ws_unexpected_closes', 'code')}`,
    );
    row(
      'protocol errors',
      `${count(m.protocol_errors)} (unexpected ${count(m['protocol_errors{expected:false}'])})${breakdown(m, 'protocol_errors', 'code')}`,
    );
    if (m.unanswered_requests) row('unanswered requests', count(m.unanswered_requests));
    row('seq / order violations', `${count(m.seq_violations)} / ${count(m.order_violations)}`);
    if (m.book_checksum_mismatches)
      row('book checksum mismatches', count(m.book_checksum_mismatches));
    row('SLOW_CONSUMER warnings', count(m.server_warnings));
    row('heartbeats', count(m.heartbeats_received));
    if (m.stream_stalls) row('stream stalls', count(m.stream_stalls));
    if (m.server_rss_growth_mb)
      row('server RSS growth', `${fmtNum(m.server_rss_growth_mb.values.value)} MB`);
    if (m.checks) {
      const passes = m.checks.values.passes;
      const fails = m.checks.values.fails;
      row('checks', `${fmtNum(100 * m.checks.values.rate)}% (${passes} passed, ${fails} failed)`);
    }
    if (data.root_group) failedChecks(data.root_group, lines);

    lines.push('', '  thresholds');
    let failed = 0;
    for (const name of Object.keys(m).sort()) {
      const thresholds = m[name].thresholds;
      if (!thresholds) continue;
      for (const expr of Object.keys(thresholds)) {
        if (expr === 'count>=0') continue; // breakdown helpers
        const ok = thresholds[expr].ok;
        if (!ok) failed++;
        lines.push(
          `    ${ok ? '✓' : '✗'} ${`${name}: ${expr}`.padEnd(52)} measured ${measured(m[name], expr)}`,
        );
      }
    }
    lines.push(
      '',
      failed === 0 ? '  all thresholds passed' : `  ${failed} threshold(s) FAILED`,
      '',
    );

    const out = { stdout: `${lines.join('\n')}\n` };
    if (__ENV.SUMMARY_JSON) out[__ENV.SUMMARY_JSON] = JSON.stringify(data, null, 2);
    return out;
  };
}

function trendRow(row, label, metric) {
  if (!metric || !metric.values || metric.values.count === 0 || metric.values.max === undefined)
    return;
  const v = metric.values;
  const parts = [`p50 ${fmtMs(v.med)}`];
  if (v['p(95)'] !== undefined) parts.push(`p95 ${fmtMs(v['p(95)'])}`);
  if (v['p(99)'] !== undefined) parts.push(`p99 ${fmtMs(v['p(99)'])}`);
  parts.push(`max ${fmtMs(v.max)}`, `avg ${fmtMs(v.avg)}`);
  row(label, parts.join('  '));
}

function breakdown(metrics, base, tag) {
  const prefix = `${base}{${tag}:`;
  const parts = Object.keys(metrics)
    .filter((k) => k.startsWith(prefix) && metrics[k].values.count > 0)
    .map((k) => `${k.slice(prefix.length, -1)}=${metrics[k].values.count}`);
  return parts.length > 0 ? `  [${parts.join(', ')}]` : '';
}

function failedChecks(group, lines) {
  for (const c of Object.values(group.checks || {})) {
    if (c.fails > 0) lines.push(`    ✗ check "${c.name}": ${c.fails} failed, ${c.passes} passed`);
  }
  for (const g of Object.values(group.groups || {})) failedChecks(g, lines);
}

function measured(metric, expr) {
  const match = /^\s*([a-z]+(?:\([\d.]+\))?)/.exec(expr);
  if (!match) return '?';
  const key = match[1] === 'p(50)' ? 'med' : match[1];
  const value = metric.values[key];
  if (value === undefined) return '?';
  if (metric.type === 'trend' && metric.contains === 'time') return fmtMs(value);
  if (key === 'rate' && metric.type === 'rate') return `${fmtNum(100 * value)}%`;
  return fmtNum(value);
}

const count = (metric) => (metric ? fmtInt(metric.values.count) : '0');
const fmtInt = (n) => String(Math.round(n || 0));

function fmtNum(n) {
  if (n === undefined || n === null || Number.isNaN(n)) return '-';
  if (Math.abs(n) >= 100) return String(Math.round(n));
  return String(Math.round(n * 100) / 100);
}

function fmtMs(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '-';
  if (ms >= 60000) return `${Math.floor(ms / 60000)}m${Math.round((ms % 60000) / 1000)}s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)}ms`;
}
