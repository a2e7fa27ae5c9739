// @ts-check
// Baseline: Socket.IO, the most common Node real-time server, used the ordinary way —
// a `subscribe` event with an ack, and `socket.emit('update', tickers)` — with the
// same batching policy as the service (one emit per client every BATCH_MS, each symbol
// at most once, a repeated symbol writes the batch first). Socket.IO encodes each emit
// itself (per client); it has no slow-consumer policy, so none is added here.
// WebSocket transport only (no long-polling upgrade dance). Env: PORT, KAFKA_BROKERS, KAFKA_TOPIC.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { BatchedFanOut } from './lib/batched-fan-out.mjs';
import { consumeTickers } from './lib/tick-consumer.mjs';

const BATCH_MS = 10;

/** @typedef {import('./lib/tick-consumer.mjs').Ticker} Ticker */

class Client {
  /** @param {import('socket.io').Socket} socket */
  constructor(socket) {
    this.socket = socket;
    /** @type {Map<string, Ticker>} */
    this.pending = new Map();
  }

  /** Emits the pending tickers; never held back (Socket.IO buffers without bound). */
  flush() {
    if (this.pending.size === 0) return true;
    this.socket.emit('update', [...this.pending.values()]);
    this.pending.clear();
    return true;
  }
}

/** @type {BatchedFanOut<Ticker>} */
const fanOut = new BatchedFanOut(BATCH_MS);

const http = createServer((req, res) => {
  if (req.url?.startsWith('/socket.io/')) return; // handled by Socket.IO
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  const client = new Client(socket);
  socket.on('subscribe', (/** @type {unknown} */ symbols, /** @type {unknown} */ ack) => {
    if (!Array.isArray(symbols)) return;
    fanOut.subscribe(client, symbols);
    if (typeof ack === 'function') ack(symbols);
  });
  socket.on('disconnect', () => fanOut.remove(client));
});

await consumeTickers({
  brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  topic: process.env.KAFKA_TOPIC ?? '',
  onTicker: (ticker) => fanOut.offer(ticker.symbol, ticker),
});
http.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
