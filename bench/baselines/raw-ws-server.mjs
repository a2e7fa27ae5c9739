// @ts-check
// Baseline: the floor a Node WebSocket fan-out reaches with no framework — `ws`, one
// Map of subscribers per symbol, and the service's batching policy: one frame per
// client every BATCH_MS with each symbol at most once (a second tick of a symbol
// already pending writes the batch first, so nothing is lost), built from tickers
// serialised once. Minimal slow-consumer guard (hold updates above a high-water mark,
// drop the client above a hard cap) so a stalled client cannot grow memory.
// Speaks the subset of protocol v1 the load client uses: welcome, subscribe, update.
// Env: PORT, KAFKA_BROKERS, KAFKA_TOPIC (and BENCH_DEBUG_LAG=1 for diagnostics).
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { BatchedFanOut } from './lib/batched-fan-out.mjs';
import { consumeTickers } from './lib/tick-consumer.mjs';

const BATCH_MS = 10;
const HIGH_WATER_BYTES = 256 * 1024;
const MAX_BYTES = 4 * 1024 * 1024;
const UPDATE_HEAD = '{"type":"update","channel":"ticker","data":[';
/** BENCH_DEBUG_LAG=1: print, every second, the mean ts → consume lag and the event-loop delay p99. */
const LAG = process.env.BENCH_DEBUG_LAG === '1';
let lagSum = 0;
let lagN = 0;
/** @param {number} ts */
function lagProbe(ts) {
  lagSum += Date.now() - ts;
  lagN++;
}
if (LAG) {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  setInterval(() => {
    process.stderr.write(`consume lag avg ${(lagSum / lagN).toFixed(0)} ms over ${lagN}; loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms\n`);
    lagSum = 0;
    lagN = 0;
    loop.reset();
  }, 1000).unref();
}
const WELCOME = JSON.stringify({ type: 'welcome', protocol: 1 });

class Client {
  /** @param {import('ws').WebSocket} ws */
  constructor(ws) {
    this.ws = ws;
    /** @type {Map<string, string>} symbol → ticker JSON */
    this.pending = new Map();
  }

  /** Writes the pending tickers as one frame; false when held back by the high-water mark. */
  flush() {
    if (this.pending.size === 0) return true;
    const buffered = this.ws.bufferedAmount;
    if (buffered > MAX_BYTES) {
      this.ws.terminate();
      return true;
    }
    if (buffered > HIGH_WATER_BYTES) return false;
    let frame = UPDATE_HEAD;
    let first = true;
    for (const json of this.pending.values()) {
      frame += first ? json : `,${json}`;
      first = false;
    }
    this.ws.send(`${frame}]}`);
    this.pending.clear();
    return true;
  }
}

/** @type {BatchedFanOut<string>} */
const fanOut = new BatchedFanOut(BATCH_MS);

const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 16384 });
wss.on('connection', (ws) => {
  const client = new Client(ws);
  ws.send(WELCOME);
  ws.on('message', (data) => {
    let request;
    try {
      request = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (request?.op !== 'subscribe' || !Array.isArray(request.symbols)) return;
    fanOut.subscribe(client, request.symbols);
    ws.send(JSON.stringify({ type: 'subscribed', id: request.id, symbols: request.symbols }));
  });
  ws.on('close', () => fanOut.remove(client));
  ws.on('error', () => {});
});

await consumeTickers({
  brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  topic: process.env.KAFKA_TOPIC ?? '',
  onTicker: (ticker, json) => {
    if (LAG) lagProbe(ticker.ts);
    fanOut.offer(ticker.symbol, json);
  },
});
http.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
