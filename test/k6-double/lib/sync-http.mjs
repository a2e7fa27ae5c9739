// k6's http.get() is synchronous: it blocks the calling VU until the response is in. Node has no
// blocking HTTP client, so a worker thread performs the request while this thread waits on a
// shared word (Atomics.wait) and then takes the reply off a message port synchronously.
// Unlike k6, the wait blocks every VU of the double, not only the caller; the scripts in load/
// request only in setup() and teardown(), where nothing else runs.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Extra wait beyond the request's own timeout before giving up on the worker. */
const WORKER_GRACE_MS = 5000;

/** @type {{ thread: Worker, replies: import('node:worker_threads').MessagePort } | undefined} */
let worker;

/**
 * @typedef {object} HttpReply
 * @property {number} status 0 when the request failed
 * @property {string} statusText
 * @property {Record<string, string>} headers
 * @property {string | null} body
 * @property {string} [error]
 * @property {number} [errorCode]
 * @property {number} durationMs
 */

/**
 * Performs a request and blocks until it completes or fails.
 * @param {{ method: string, url: string, headers: Record<string, string>, timeoutMs: number }} request
 * @returns {HttpReply}
 */
export function requestSync(request) {
  const { thread, replies } = startWorker();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  thread.postMessage({ ...request, signal });
  Atomics.wait(signal, 0, 0, request.timeoutMs + WORKER_GRACE_MS);
  const reply = receiveMessageOnPort(replies);
  if (reply === undefined)
    throw new Error(
      `k6 test double: the HTTP worker did not answer ${request.method} ${request.url}`,
    );
  return reply.message;
}

function startWorker() {
  if (worker === undefined) {
    const { port1, port2 } = new MessageChannel();
    const thread = new Worker(new URL('./sync-http-worker.mjs', import.meta.url), {
      workerData: { replies: port2 },
      transferList: [port2],
      // Not the parent's --import of the loader hooks: the worker runs no script code.
      execArgv: [],
    });
    thread.unref();
    worker = { thread, replies: port1 };
  }
  return worker;
}
