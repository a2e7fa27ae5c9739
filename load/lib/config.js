// Environment-driven settings shared by the k6 scripts (`-e NAME=value` or real env vars).
import { STREAM_PATH } from './protocol.js';

/** A string env var, or `fallback` when unset or empty. */
export function envString(name, fallback) {
  const value = __ENV[name];
  return value === undefined || value === '' ? fallback : value;
}

/** An integer env var within [min, max]; throws a readable error otherwise. */
export function envInt(name, fallback, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const raw = envString(name, undefined);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  }
  return value;
}

/** A number env var (may be fractional) >= min. */
export function envNumber(name, fallback, min = 0) {
  const raw = envString(name, undefined);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min}, got '${raw}'`);
  return value;
}

/** A k6-style duration env var ("500ms", "15s", "2m", "1h30m", or plain seconds), in ms. */
export function envDurationMs(name, fallback) {
  const raw = envString(name, fallback);
  const ms = parseDurationMs(raw);
  if (ms === undefined)
    throw new Error(`${name} must be a duration like 500ms, 15s, 2m or 1h30m, got '${raw}'`);
  return ms;
}

export function parseDurationMs(text) {
  const s = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  let match;
  while ((match = re.exec(s)) !== null) {
    const unit = { ms: 1, s: 1000, m: 60000, h: 3600000 }[match[2]];
    total += Number(match[1]) * unit;
    consumed = re.lastIndex;
  }
  return consumed === s.length && consumed > 0 ? Math.round(total) : undefined;
}

/** k6 duration string for a number of ms (for scenario options). */
export function msToK6(ms) {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/** WebSocket endpoint under test. */
export const TARGET_URL = envString('TARGET_URL', `ws://127.0.0.1:8080${STREAM_PATH}`);

/** HTTP base of the service (for GET /v1/symbols); derived from TARGET_URL when unset. */
export const BASE_URL = envString('BASE_URL', httpBaseOf(TARGET_URL)).replace(/\/+$/, '');

/**
 * Credentials for a service with AUTH_MODE=apikey|jwt: `TOKEN`, else the `token` query
 * parameter of TARGET_URL. REST calls send it as `Authorization: Bearer`.
 */
export const TOKEN = envString('TOKEN', tokenParamOf(TARGET_URL));

/** Whether TARGET_URL carries the token itself (then the upgrade must not send it again). */
export const TOKEN_IN_URL = tokenParamOf(TARGET_URL) !== undefined;

/** Headers that carry TOKEN, for REST calls and header-authenticated upgrades. */
export function authHeaders() {
  return TOKEN === undefined ? {} : { Authorization: `Bearer ${TOKEN}` };
}

function tokenParamOf(wsUrl) {
  const match = /[?&]token=([^&#]*)/.exec(wsUrl);
  return match ? decodeURIComponent(match[1]) : undefined;
}

function httpBaseOf(wsUrl) {
  const match = /^(wss?):\/\/([^/?#]+)/.exec(wsUrl);
  if (!match) throw new Error(`TARGET_URL must be a ws:// or wss:// URL, got '${wsUrl}'`);
  return `${match[1] === 'wss' ? 'https' : 'http'}://${match[2]}`;
}

/**
 * `PARSE=fast` (default in the throughput scripts) reads update frames with a regex instead of
 * JSON.parse, which k6 runs slowly; `PARSE=full` parses every frame (smoke always does).
 */
export const FAST_PARSE = (() => {
  const value = envString('PARSE', 'fast');
  if (value !== 'fast' && value !== 'full')
    throw new Error(`PARSE must be 'fast' or 'full', got '${value}'`);
  return value === 'fast';
})();
