// @ts-check
// A minimal WebSocket client for the load generator: the RFC 6455 handshake, frame
// parsing in place over each socket chunk (server frames are never masked), masked
// client frames, ping → pong and the close handshake. Text frames are handed over as
// (buffer, start, end) — no copy, no decoding — so the load client costs the CPU it
// must, not a library's per-message allocations. Fragmented messages are not
// reassembled (none of the subjects fragments); continuation frames are passed on as is.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;
const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * Events: `open`, `message` (buf, start, end), `close` (code), `error` (Error).
 */
export class RawWebSocket extends EventEmitter {
  /** @param {string} url  ws://host:port/path */
  constructor(url) {
    super();
    const { hostname, port, pathname, search } = new URL(url);
    this.mask = randomBytes(4);
    /** @type {Buffer | null} */
    this.rest = null;
    this.upgraded = false;
    this.closed = false;
    this.closeSent = false;
    this.socket = connect({ host: hostname, port: Number(port), noDelay: true });
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.socket.on('data', (chunk) => this.#onData(chunk));
    this.socket.on('error', (error) => this.emit('error', error));
    this.socket.on('close', () => this.#finish(1006));
  }

  /** @param {Buffer} chunk */
  #onData(chunk) {
    let buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    let pos = 0;
    if (!this.upgraded) {
      const i = buf.indexOf(CRLFCRLF);
      if (i < 0) {
        this.rest = buf;
        return;
      }
      const status = buf.toString('latin1', 0, Math.min(i, 64));
      if (!/^HTTP\/1\.1 101/.test(status)) {
        this.emit('error', new Error(`upgrade refused: ${status.split('\r\n')[0]}`));
        this.terminate();
        return;
      }
      this.upgraded = true;
      pos = i + 4;
      this.emit('open');
    }
    const length = buf.length;
    while (pos + 2 <= length) {
      const opcode = buf[pos] & 0x0f;
      let size = buf[pos + 1] & 0x7f;
      let header = 2;
      if (size === 126) {
        if (pos + 4 > length) break;
        size = buf.readUInt16BE(pos + 2);
        header = 4;
      } else if (size === 127) {
        if (pos + 10 > length) break;
        size = Number(buf.readBigUInt64BE(pos + 2));
        header = 10;
      }
      const start = pos + header;
      const end = start + size;
      if (end > length) break;
      pos = end;
      if (opcode === OP_TEXT || opcode === OP_CONTINUATION) this.emit('message', buf, start, end);
      else if (opcode === OP_PING) this.#frame(OP_PONG, buf.subarray(start, end));
      else if (opcode === OP_CLOSE) {
        const code = end - start >= 2 ? buf.readUInt16BE(start) : 1005;
        if (!this.closeSent) this.#frame(OP_CLOSE, buf.subarray(start, Math.min(end, start + 2)));
        this.closeSent = true;
        this.socket.end(); // flushes our close frame, then FIN
        this.#finish(code, false);
        return;
      }
    }
    if (pos < length) this.rest = buf.subarray(pos);
  }

  /**
   * Writes one masked frame.
   * @param {number} opcode
   * @param {Buffer} payload
   */
  #frame(opcode, payload) {
    if (this.socket.destroyed) return;
    const size = payload.length;
    const header = size < 126 ? 6 : size < 65536 ? 8 : 14;
    const frame = Buffer.allocUnsafe(header + size);
    frame[0] = 0x80 | opcode;
    if (size < 126) frame[1] = 0x80 | size;
    else if (size < 65536) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(size, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeBigUInt64BE(BigInt(size), 2);
    }
    const maskAt = header - 4;
    this.mask.copy(frame, maskAt);
    for (let i = 0; i < size; i++) frame[header + i] = payload[i] ^ this.mask[i & 3];
    this.socket.write(frame);
  }

  /** @param {string} text */
  send(text) {
    this.#frame(OP_TEXT, Buffer.from(text));
  }

  /** Starts the close handshake; `close` is emitted when the server answers or the socket ends. */
  close(code = 1000) {
    if (this.closeSent || this.closed) return;
    this.closeSent = true;
    const payload = Buffer.allocUnsafe(2);
    payload.writeUInt16BE(code, 0);
    this.#frame(OP_CLOSE, payload);
  }

  /** Stops reading: the server's send buffer fills (a stalled consumer). */
  pause() {
    this.socket.pause();
  }

  terminate() {
    this.socket.destroy();
    this.#finish(1006);
  }

  /**
   * @param {number} code
   * @param {boolean} [destroy]
   */
  #finish(code, destroy = true) {
    if (this.closed) return;
    this.closed = true;
    if (destroy) this.socket.destroy();
    this.emit('close', code);
  }
}
