// The built-in k6 metrics the double produces. Like k6, it registers them all up front, so a
// threshold may name one before any sample arrives; one k6 has but the double lacks (e.g.
// data_received) fails at start as an unknown metric, naming it.
import { defineMetric } from './metric-registry.mjs';

/** Built-in metrics by role. */
export const builtin = Object.freeze({
  checks: defineMetric('checks', 'rate'),
  iterations: defineMetric('iterations', 'counter'),
  iterationDuration: defineMetric('iteration_duration', 'trend', true),
  vus: defineMetric('vus', 'gauge'),
  vusMax: defineMetric('vus_max', 'gauge'),
  httpReqs: defineMetric('http_reqs', 'counter'),
  httpReqDuration: defineMetric('http_req_duration', 'trend', true),
  httpReqFailed: defineMetric('http_req_failed', 'rate'),
  wsConnecting: defineMetric('ws_connecting', 'trend', true),
  wsSessions: defineMetric('ws_sessions', 'counter'),
  wsSessionDuration: defineMetric('ws_session_duration', 'trend', true),
  wsMsgsSent: defineMetric('ws_msgs_sent', 'counter'),
  wsMsgsReceived: defineMetric('ws_msgs_received', 'counter'),
  wsPing: defineMetric('ws_ping', 'trend', true),
});
