// The object k6's http.get() returns, for the members the double fills in.
import { strictObject } from './strict-object.mjs';

/** GJSON syntax beyond plain `a.b.0` paths, which the double does not interpret. */
const GJSON_SPECIAL = /[#*?|@!\\]/;

/**
 * @param {import('./sync-http.mjs').HttpReply} reply
 * @param {string} url
 */
export function createResponse(reply, url) {
  let parsed;
  let isParsed = false;
  const response = {
    status: reply.status,
    status_text: reply.statusText,
    headers: reply.headers,
    body: reply.body,
    error: reply.error ?? '',
    error_code: reply.errorCode ?? 0,
    url,
    timings: { duration: reply.durationMs },
    /**
     * The body as JSON, or the value at a GJSON-style `selector` (dotted keys and indices only).
     * @param {string} [selector]
     */
    json(selector) {
      if (!isParsed) {
        if (typeof reply.body !== 'string')
          throw new Error('cannot parse json: the response has no body');
        parsed = JSON.parse(reply.body);
        isParsed = true;
      }
      if (selector === undefined) return parsed;
      if (GJSON_SPECIAL.test(selector))
        throw new Error(
          `k6 test double: json selector '${selector}' uses GJSON syntax that is not emulated`,
        );
      let value = parsed;
      for (const key of selector.split('.')) {
        if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
        value = value[key];
      }
      return value;
    },
  };
  return strictObject('k6/http Response', response);
}
