// `k6`: check() and fail(). sleep() and group() are not emulated (the scripts in load/ use the
// event loop and no groups); importing them fails, naming the missing export.
export { check } from '../lib/checks.mjs';

/**
 * k6's fail(): throws, ending the iteration with `reason`.
 * @param {string} [reason]
 */
export function fail(reason = '') {
  throw new Error(reason);
}
