// k6's `k6/websockets` WebSocket on top of the `ws` package, following k6's implementation
// (internal/js/modules/k6/websockets): events run on the VU's event loop (here: as callbacks of
// the iteration that created the socket, which an open socket keeps alive); frames arriving after
// close() are dropped; a close with a code other than 1000/1001, a dropped connection and a failed
// connect fire `error` before `close`; a failed connect's close event has no `code`.
// Built-in metrics: ws_connecting and ws_sessions (also for failed connects), ws_msgs_sent,
// ws_msgs_received, ws_session_duration, ws_ping.
import { Blob, Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import NodeWebSocket from 'ws';
import { builtin } from './builtin-metrics.mjs';
import { log } from './log.mjs';
import { addSample, sampleTags } from './metric-registry.mjs';
import { requireIteration } from './vu-context.mjs';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
const EVENT_TYPES = ['open', 'message', 'error', 'close', 'ping', 'pong'];
const PARAMS = new Set(['headers', 'tags', 'compression']);
/** Close codes k6 (gorilla/websocket) does not report as an error. */
const CLEAN_CLOSE_CODES = new Set([1000, 1001]);
/** The longest close reason a client may send, in bytes (RFC 6455 control frame limit). */
const MAX_REASON_BYTES = 123;
/** k6's dial timeout for the opening handshake. */
const HANDSHAKE_TIMEOUT_MS = 60_000;

export class WebSocket {
  /** @type {import('./iteration.mjs').Iteration} */
  #iteration;
  /** @type {NodeWebSocket | undefined} */
  #socket;
  #handle;
  #state = CONNECTING;
  #binaryType = 'blob';
  #closeCode = 0;
  #pendingClose;
  /** @type {Record<string, string>} */
  #tags;
  #startedAt = 0;
  #openedAt;
  #connectError = '';
  #pingCounter = 0;
  /** @type {Map<string, number>} */
  #pings = new Map();
  /** Set when the iteration ended: the socket's events no longer reach the script. */
  #silenced = false;
  /** @type {Map<string, Function>} on<type> handlers */
  #handlers = new Map();
  /** @type {Map<string, Function[]>} addEventListener handlers */
  #listeners = new Map(EVENT_TYPES.map((type) => [type, []]));

  static {
    for (const type of EVENT_TYPES) {
      Object.defineProperty(this.prototype, `on${type}`, {
        get() {
          return this.#handlers.get(type) ?? null;
        },
        set(handler) {
          if (handler === null || handler === undefined) this.#handlers.delete(type);
          else if (typeof handler !== 'function')
            throw new TypeError(`a value for 'on${type}' should be callable`);
          else this.#handlers.set(type, handler);
        },
      });
    }
  }

  /**
   * Opens a connection to `url` (ws:// or wss://) in the background; events report progress.
   * @param {string} url
   * @param {string | string[] | null} [protocols]
   * @param {{ headers?: Record<string, string>, tags?: Record<string, string>, compression?: string }} [params]
   */
  constructor(url, protocols, params) {
    this.#iteration = requireIteration('new WebSocket()');
    this.url = checkUrl(url);
    for (const key of Object.keys(params ?? {})) {
      if (!PARAMS.has(key))
        throw new TypeError(`k6 test double: WebSocket params.${key} is not emulated`);
    }
    const tags = params?.tags ?? {};
    this.#tags = sampleTags(this.#iteration, {
      url: this.url,
      name: tags.name ?? this.url,
      ...tags,
    });
    if (!this.#iteration.active) return; // created by an ended iteration: never connects

    this.#handle = this.#iteration.hold(() => this.#abandon());
    this.#startedAt = performance.now();
    const socket = new NodeWebSocket(this.url, protocolList(protocols), {
      headers: params?.headers,
      perMessageDeflate: params?.compression === 'deflate',
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    this.#socket = socket;
    socket.on('upgrade', (res) => (this.#tags.status = String(res.statusCode)));
    socket.on('unexpected-response', (_req, res) => {
      this.#tags.status = String(res.statusCode);
      this.#connectError = `websocket: bad handshake (status ${res.statusCode})`;
      socket.terminate();
    });
    socket.on('open', () => this.#onOpen());
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary, Date.now()));
    socket.on('error', (err) => (this.#connectError ||= err.message));
    socket.on('close', (code, reason) => this.#onClose(code, reason.toString()));
    socket.on('ping', () => this.#emit('ping', {}));
    socket.on('pong', (data) => this.#onPong(data.toString()));
  }

  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  get readyState() {
    return this.#state;
  }

  get bufferedAmount() {
    return this.#socket?.bufferedAmount ?? 0;
  }

  get protocol() {
    return this.#socket?.protocol ?? '';
  }

  get extensions() {
    return this.#socket?.extensions ? [this.#socket.extensions] : [];
  }

  /** How binary frames are delivered: `blob` (default) or `arraybuffer`. */
  get binaryType() {
    return this.#binaryType;
  }

  set binaryType(type) {
    if (type !== 'blob' && type !== 'arraybuffer')
      throw new TypeError(
        `unknown binaryType ${type}, the supported ones are "blob" and "arraybuffer"`,
      );
    this.#binaryType = type;
  }

  /**
   * @param {string} type open, message, error, close, ping or pong
   * @param {(event: object) => void} handler
   */
  addEventListener(type, handler) {
    if (typeof handler !== 'function')
      throw new TypeError(`handler for event type "${type}" isn't a callable function`);
    const listeners = this.#listeners.get(type);
    if (listeners === undefined)
      log('warn', `can't add event handler: unknown event type "${type}"`);
    else listeners.push(handler);
  }

  /**
   * Sends a text (string) or binary (ArrayBuffer, typed array) frame.
   * @param {string | ArrayBuffer | ArrayBufferView} data
   */
  send(data) {
    if (this.#state !== OPEN) throw new Error('InvalidStateError');
    let frame;
    if (typeof data === 'string') frame = data;
    else if (data instanceof ArrayBuffer) frame = Buffer.from(data);
    else if (ArrayBuffer.isView(data))
      frame = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else throw new TypeError(`unsupported send type ${typeof data}`);
    this.#socket.send(frame, { binary: typeof data !== 'string' }, (err) => {
      if (!err && !this.#silenced) addSample(builtin.wsMsgsSent, 1, this.#tags);
    });
  }

  /** Sends a ping frame; the pong fires `pong` and records ws_ping. */
  ping() {
    if (this.#state !== OPEN) throw new Error('InvalidStateError');
    const id = String(this.#pingCounter++);
    this.#pings.set(id, performance.now());
    this.#socket.ping(id);
  }

  /**
   * Starts the closing handshake (no-op when closing or closed). While still connecting, the
   * close is sent once connected and `open` never fires, as in k6.
   * @param {number} [code] 1000 (default) or 3000..4999
   * @param {string} [reason] at most 123 bytes
   */
  close(code, reason = '') {
    if (this.#state === CLOSING || this.#state === CLOSED) return;
    if (code !== undefined && code !== 0 && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new Error(
        `InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither`,
      );
    }
    if (Buffer.byteLength(String(reason)) > MAX_REASON_BYTES) {
      throw new Error(
        `SyntaxError: Failed to execute 'close' on 'WebSocket': The message must not be greater than ${MAX_REASON_BYTES} bytes`,
      );
    }
    const wasConnecting = this.#state === CONNECTING;
    this.#state = CLOSING;
    this.#closeCode = code || 1000;
    if (this.#socket === undefined) return;
    if (wasConnecting) this.#pendingClose = { code: this.#closeCode, reason: String(reason) };
    else this.#socket.close(this.#closeCode, String(reason));
  }

  #onOpen() {
    this.#openedAt = performance.now();
    this.#recordConnect();
    if (this.#pendingClose) {
      this.#socket.close(this.#pendingClose.code, this.#pendingClose.reason);
      return;
    }
    this.#state = OPEN;
    this.#emit('open', {});
  }

  #onMessage(data, isBinary, timestamp) {
    if (this.#state !== OPEN) return; // k6 drops frames that arrive once closing
    addSample(builtin.wsMsgsReceived, 1, this.#tags);
    let payload;
    if (!isBinary) payload = data.toString('utf8');
    else if (this.#binaryType === 'arraybuffer')
      payload = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    else payload = new Blob([data]);
    this.#emit('message', { data: payload, origin: this.url }, timestamp);
  }

  #onPong(id) {
    const sentAt = this.#pings.get(id);
    if (sentAt === undefined) return;
    this.#pings.delete(id);
    if (!this.#silenced) addSample(builtin.wsPing, performance.now() - sentAt, this.#tags);
    this.#emit('pong', {});
  }

  #onClose(code, reason) {
    if (this.#silenced) return;
    const wasOpen = this.#openedAt !== undefined;
    this.#state = CLOSED;
    let error;
    if (!wasOpen) {
      this.#recordConnect();
      error = this.#connectError || 'websocket: connection failed';
    } else {
      addSample(builtin.wsSessionDuration, performance.now() - this.#startedAt, this.#tags);
      this.#closeCode = code;
      if (!CLEAN_CLOSE_CODES.has(code))
        error = `websocket: close ${code}${reason ? ` ${reason}` : ''}`;
    }
    if (error !== undefined) this.#emit('error', { error });
    const fields = { reason: wasOpen ? reason : '' };
    if (this.#closeCode !== 0) fields.code = this.#closeCode;
    this.#emit('close', fields);
    this.#iteration.release(this.#handle);
  }

  #recordConnect() {
    addSample(builtin.wsSessions, 1, this.#tags);
    addSample(builtin.wsConnecting, performance.now() - this.#startedAt, this.#tags);
  }

  /** Fires `type`: the on<type> handler first, then the added listeners (k6's order). */
  #emit(type, fields, timestamp = Date.now()) {
    if (this.#silenced) return;
    const event = { type, target: this, timestamp, ...fields };
    const handler = this.#handlers.get(type);
    const listeners = handler ? [handler, ...this.#listeners.get(type)] : this.#listeners.get(type);
    for (const listener of listeners) {
      if (!this.#iteration.active) return;
      this.#iteration.dispatch(listener, [event]);
    }
  }

  /** The iteration ended: stop delivering events and let the server see a normal close. */
  #abandon() {
    this.#silenced = true;
    if (this.#socket.readyState === NodeWebSocket.CONNECTING) this.#socket.terminate();
    else if (this.#socket.readyState === NodeWebSocket.OPEN) this.#socket.close(1000);
  }
}

function checkUrl(url) {
  if (url === undefined || url === null) throw new TypeError('WebSocket requires a url');
  const text = String(url);
  let parsed;
  try {
    parsed = new URL(text);
  } catch (err) {
    throw new TypeError(
      `WebSocket requires valid url, but got "${text}" which resulted in ${err.message}`,
    );
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme !== 'ws' && scheme !== 'wss')
    throw new TypeError(`WebSocket requires url with scheme ws or wss, but got "${scheme}"`);
  if (parsed.hash !== '')
    throw new TypeError(`WebSocket requires no url fragment, but got "${parsed.hash.slice(1)}"`);
  return text;
}

function protocolList(protocols) {
  if (protocols === undefined || protocols === null) return undefined;
  return Array.isArray(protocols) ? protocols.map(String) : [String(protocols)];
}
