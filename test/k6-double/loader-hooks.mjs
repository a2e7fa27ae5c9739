// Module resolution for k6 scripts run by the double (runs on Node's loader thread).
// - `k6` and `k6/<name>` resolve to the double's modules/, or fail naming the module when the
//   double does not emulate it (e.g. k6/net/grpc).
// - k6 VUs are separate JS runtimes, so module state is per VU: the runner imports the script as
//   `script.js?vu=N`, and every file it imports, directly or not, inherits `?vu=N`, so each VU
//   evaluates its own copy of the script and of its helpers. The double's modules carry no query
//   and are shared by all VUs; they find the calling VU through AsyncLocalStorage.
// - k6 cannot import npm packages, Node built-ins or (here) remote modules; neither can a script.

const K6_MODULES = new Map([
  ['k6', 'k6.mjs'],
  ['k6/execution', 'k6-execution.mjs'],
  ['k6/http', 'k6-http.mjs'],
  ['k6/metrics', 'k6-metrics.mjs'],
  ['k6/timers', 'k6-timers.mjs'],
  ['k6/websockets', 'k6-websockets.mjs'],
]);
const MODULES_DIR = new URL('./modules/', import.meta.url);
const VU_PARAM = 'vu';

/** Node's resolve hook (see node:module register()). */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    const file = K6_MODULES.get(specifier);
    if (file === undefined) {
      throw new Error(
        `k6 test double: module '${specifier}' is not emulated (emulated: ${[...K6_MODULES.keys()].join(', ')})`,
      );
    }
    return { url: new URL(file, MODULES_DIR).href, shortCircuit: true };
  }
  const vu = vuOf(context.parentURL);
  if (vu === null) return nextResolve(specifier, context);
  if (/^https?:\/\//.test(specifier))
    throw new Error(`k6 test double: remote module '${specifier}' is not emulated`);
  if (!/^(\.{1,2}\/|\/|file:)/.test(specifier)) {
    throw new Error(
      `k6 test double: '${specifier}' (imported by ${context.parentURL}) is not a k6 module or a file; k6 scripts cannot import it`,
    );
  }
  const resolved = await nextResolve(specifier, context);
  const url = new URL(resolved.url);
  url.searchParams.set(VU_PARAM, vu);
  return { ...resolved, url: url.href };
}

/** The VU id of a module imported on behalf of a VU, or null. */
function vuOf(parentURL) {
  if (parentURL === undefined || !parentURL.startsWith('file:')) return null;
  return new URL(parentURL).searchParams.get(VU_PARAM);
}
