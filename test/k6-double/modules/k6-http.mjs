// `k6/http`: get() only, synchronous like k6's (see lib/sync-http.mjs). It records http_reqs,
// http_req_duration (whole request; k6 excludes connecting) and http_req_failed with k6's tags.
// Any other function of the module fails, naming it.
import { builtin } from '../lib/builtin-metrics.mjs';
import { durationOption } from '../lib/duration.mjs';
import { createResponse } from '../lib/http-response.mjs';
import { log } from '../lib/log.mjs';
import { addSample, sampleTags } from '../lib/metric-registry.mjs';
import { strictObject } from '../lib/strict-object.mjs';
import { requestSync } from '../lib/sync-http.mjs';
import { requireIteration } from '../lib/vu-context.mjs';

const PARAMS = new Set(['headers', 'tags', 'timeout', 'responseType']);
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * GET `url`; blocks until the response is in. Failures return status 0 and `error`, as in k6.
 * @param {string} url
 * @param {{ headers?: Record<string, string>, tags?: Record<string, string>, timeout?: string | number, responseType?: 'text' | 'none' }} [params]
 */
export function get(url, params = {}) {
  const iteration = requireIteration('http.get()');
  for (const key of Object.keys(params ?? {})) {
    if (!PARAMS.has(key)) throw new TypeError(`k6 test double: http params.${key} is not emulated`);
  }
  const responseType = params.responseType ?? 'text';
  if (responseType !== 'text' && responseType !== 'none')
    throw new TypeError(`k6 test double: responseType '${responseType}' is not emulated`);
  const timeoutMs = durationOption('http params.timeout', params.timeout, DEFAULT_TIMEOUT_MS);
  const target = String(url);
  const reply = requestSync({
    method: 'GET',
    url: target,
    headers: params.headers ?? {},
    timeoutMs,
  });
  if (reply.error) log('warn', `Request Failed  error="${reply.error}"`);

  if (iteration.active) {
    const expected = reply.status >= 200 && reply.status < 400;
    const tags = sampleTags(iteration, {
      name: target,
      url: target,
      method: 'GET',
      status: reply.status,
      expected_response: expected,
      ...params.tags,
    });
    addSample(builtin.httpReqs, 1, tags);
    addSample(builtin.httpReqDuration, reply.durationMs, tags);
    addSample(builtin.httpReqFailed, expected ? 0 : 1, tags);
  }
  return createResponse(responseType === 'none' ? { ...reply, body: null } : reply, target);
}

export default strictObject('k6/http', { get });
