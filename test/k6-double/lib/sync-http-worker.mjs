// Worker side of sync-http.mjs: performs one request with fetch, posts the outcome on the reply
// port, then wakes the blocked main thread through the shared signal word.
/* global fetch, AbortSignal */ // Node >= 18 globals, not in the repo's ESLint globals list
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {import('node:worker_threads').MessagePort} */
const replies = workerData.replies;

parentPort.on('message', async (request) => {
  const reply = await perform(request);
  replies.postMessage(reply);
  Atomics.store(request.signal, 0, 1);
  Atomics.notify(request.signal, 0);
});

async function perform({ method, url, headers, timeoutMs }) {
  const started = performance.now();
  try {
    const res = await fetch(url, { method, headers, signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    return {
      status: res.status,
      statusText: `${res.status} ${res.statusText}`,
      headers: Object.fromEntries(res.headers),
      body,
      durationMs: performance.now() - started,
    };
  } catch (err) {
    const { message, code } = describe(err);
    return {
      status: 0,
      statusText: '',
      headers: {},
      body: null,
      error: message,
      errorCode: code,
      durationMs: performance.now() - started,
    };
  }
}

/** k6's error text and code (lib/netext/httpext error codes) for a failed request. */
function describe(err) {
  const cause = err?.cause?.code ?? err?.code;
  if (err?.name === 'TimeoutError') return { message: 'request timeout', code: 1050 };
  if (cause === 'ECONNREFUSED')
    return { message: `dial: connection refused (${addressOf(err)})`, code: 1212 };
  if (cause === 'ENOTFOUND') return { message: 'lookup: no such host', code: 1101 };
  return { message: String(err?.cause?.message ?? err?.message ?? err), code: 1000 };
}

function addressOf(err) {
  return err?.cause?.address ? `${err.cause.address}:${err.cause.port}` : 'unknown';
}
