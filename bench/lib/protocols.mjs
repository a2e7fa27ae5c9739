// @ts-check
// The client side of each subject's protocol, reduced to what the load client needs:
// handshake + subscribe, recognising update frames without parsing them, and pings.
//  - `tickstream`: protocol v1 (docs/protocol.md); the raw-ws baseline speaks the same subset.
//  - `socketio`: Engine.IO v4 over a plain WebSocket, Socket.IO packets (`40`, `42[...]`).
//  - `centrifugo`: Centrifugo's JSON protocol (newline-separated commands and replies).

/** @typedef {'tickstream' | 'socketio' | 'centrifugo'} ProtocolName */
/**
 * A subscription on another channel than `ticker` (tickstream's protocol only), e.g.
 * `{ channel: 'book', depth: 10, throttleMs: 100 }`; the handshake refuses a reply that
 * does not grant exactly these parameters (a server floor raising the throttle would
 * silently measure another scenario).
 * @typedef {{ channel: 'book', depth: number, throttleMs: number }} Subscription
 */

/** Byte 9 of `{"type":"update"…` is the `u` of update (snapshot/subscribed/welcome differ). */
const UPDATE_TYPE_BYTE = 0x75;
const SNAPSHOT_TYPE_BYTE = 0x73; // s
const SNAPSHOT_SECOND_BYTE = 0x6e; // n
const WARNING_TYPE_BYTE = 0x77; // w
const CHAR_4 = 0x34;
const CHAR_2 = 0x32;

/**
 * The URL path each subject serves its WebSocket on.
 * @param {ProtocolName} protocol
 * @param {number} port
 */
export function wsUrl(protocol, port) {
  switch (protocol) {
    case 'tickstream':
      return `ws://127.0.0.1:${port}/v1/stream`;
    case 'socketio':
      return `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;
    case 'centrifugo':
      return `ws://127.0.0.1:${port}/connection/websocket`;
  }
}

/**
 * True for frames that carry ticker updates (the frame is buf[start..end)).
 * @param {ProtocolName} protocol
 * @param {Buffer} buf
 * @param {number} start
 * @param {number} end
 */
export function isUpdateFrame(protocol, buf, start, end) {
  switch (protocol) {
    case 'tickstream':
      return buf[start + 9] === UPDATE_TYPE_BYTE;
    case 'socketio':
      return buf[start] === CHAR_4 && buf[start + 1] === CHAR_2; // `42["update",[…]]`
    case 'centrifugo':
      return end - start > 2; // pushes; `{}` is a ping, handled first
  }
}

/**
 * True for `book` frames carrying entries: `update`, and `snapshot` (a book's fresh
 * snapshot after a resync also brings the client up to date). Byte 9 is the type's
 * first letter; `subscribed` shares the `s` of `snapshot`, so byte 10 tells them apart.
 * @param {Buffer} buf
 * @param {number} start
 */
export function isBookEntriesFrame(buf, start) {
  const c = buf[start + 9];
  return c === UPDATE_TYPE_BYTE || (c === SNAPSHOT_TYPE_BYTE && buf[start + 10] === SNAPSHOT_SECOND_BYTE);
}

/** True for `{"type":"warning"…` frames (SLOW_CONSUMER). @param {Buffer} buf @param {number} start */
export function isWarningFrame(buf, start) {
  return buf[start + 9] === WARNING_TYPE_BYTE;
}

const NEWLINE = 0x0a;
/** A Centrifugo ping that is not the first message of a frame: `\n{}` then `\n` or the frame's end. */
const CENTRIFUGO_PING_LINE = Buffer.from('\n{}');

/**
 * True when the Centrifugo frame buf[start..end) holds a ping (`{}`): Centrifugo writes
 * pings through the same queue as publications and joins whatever is queued into one
 * frame, newline-separated, so a ping is often one line among pushes. (Data never
 * contains a raw newline, and no push is `{}`.)
 * @param {Buffer} buf
 * @param {number} start
 * @param {number} end
 */
function hasCentrifugoPing(buf, start, end) {
  if (end - start >= 2 && buf[start] === 0x7b && buf[start + 1] === 0x7d && (start + 2 === end || buf[start + 2] === NEWLINE)) return true;
  for (let i = buf.indexOf(CENTRIFUGO_PING_LINE, start); i !== -1 && i + 3 <= end; i = buf.indexOf(CENTRIFUGO_PING_LINE, i + 1)) {
    if (i + 3 === end || buf[i + 3] === NEWLINE) return true;
  }
  return false;
}

/**
 * Answers application-level pings; true when the frame was nothing but a ping (a frame
 * that also carries other messages is answered and still returns false, for the caller to
 * read the rest).
 * @param {ProtocolName} protocol
 * @param {import('./raw-ws.mjs').RawWebSocket} ws
 * @param {Buffer} buf
 * @param {number} start
 * @param {number} end
 */
export function answerPing(protocol, ws, buf, start, end) {
  if (protocol === 'centrifugo') {
    if (!hasCentrifugoPing(buf, start, end)) return false;
    // Unanswered, Centrifugo closes the connection (3012 "no pong") 8 s later.
    ws.send('{}');
    return end - start === 2;
  }
  if (protocol === 'socketio' && end - start === 1 && buf[start] === CHAR_2) {
    ws.send('3');
    return true;
  }
  return false;
}

/**
 * Waits for the connection to open, greets and subscribes to `symbols` (none: connect only).
 * Resolves with the socket once the subscription is confirmed.
 * @param {ProtocolName} protocol
 * @param {import('./raw-ws.mjs').RawWebSocket} ws
 * @param {readonly string[]} symbols
 * @param {number} timeoutMs
 * @param {Subscription} [subscription]  another channel (tickstream only); default: ticker, throttle 0
 * @returns {Promise<import('./raw-ws.mjs').RawWebSocket>}
 */
export function handshake(protocol, ws, symbols, timeoutMs, subscription) {
  if (subscription && protocol !== 'tickstream') throw new Error(`${protocol}: no ${subscription.channel} channel`);
  ws.on('error', () => {}); // errors after a failed handshake must not be unhandled
  return new Promise((resolve, reject) => {
    let step = 0;
    let replies = 0;
    const fail = (/** @type {string} */ why) => {
      cleanup();
      ws.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail(`handshake timeout (step ${step})`), timeoutMs);
    const done = () => {
      cleanup();
      resolve(ws);
    };
    const onError = (/** @type {Error} */ error) => fail(`error: ${error.message}`);
    const onClose = (/** @type {number} */ code) => fail(`closed ${code} during handshake`);
    const onMessage = (/** @type {Buffer} */ buf, /** @type {number} */ start, /** @type {number} */ end) => {
      if (answerPing(protocol, ws, buf, start, end)) return;
      const text = buf.toString('utf8', start, end);
      if (protocol === 'tickstream') {
        if (step === 0) {
          if (!text.startsWith('{"type":"welcome"')) return fail(`unexpected first frame ${text.slice(0, 60)}`);
          if (symbols.length === 0) return done();
          step = 1;
          ws.send(JSON.stringify(subscription ? { op: 'subscribe', id: 1, ...subscription, symbols } : { op: 'subscribe', id: 1, symbols, throttleMs: 0 }));
        } else if (text.startsWith('{"type":"subscribed"')) {
          if (subscription) {
            const granted = JSON.parse(text);
            if (granted.channel !== subscription.channel || granted.depth !== subscription.depth || granted.throttleMs !== subscription.throttleMs)
              return fail(`subscribed with other parameters: ${text.slice(0, 160)}`);
          }
          done();
        } else if (text.startsWith('{"type":"error"')) {
          fail(`subscribe refused: ${text.slice(0, 120)}`);
        }
      } else if (protocol === 'socketio') {
        if (step === 0 && text.startsWith('0{')) {
          step = 1;
          ws.send('40');
        } else if (step === 1 && text.startsWith('40')) {
          if (symbols.length === 0) return done();
          step = 2;
          ws.send(`420${JSON.stringify(['subscribe', symbols])}`);
        } else if (step === 2 && text.startsWith('430')) {
          done();
        } else if (text.startsWith('44')) {
          fail(`connect refused: ${text.slice(0, 120)}`);
        }
      } else {
        for (const line of text.split('\n')) {
          if (!line.startsWith('{"id":')) continue;
          if (line.includes('"error"')) return fail(`centrifugo error: ${line.slice(0, 120)}`);
          if (step === 0) {
            if (symbols.length === 0) return done();
            step = 1;
            ws.send(symbols.map((channel, i) => JSON.stringify({ id: i + 2, subscribe: { channel } })).join('\n'));
          } else if (++replies === symbols.length) {
            return done();
          }
        }
      }
    };
    const cleanup = () => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('error', onError);
      ws.off('close', onClose);
    };
    ws.on('message', onMessage);
    ws.on('error', onError);
    ws.on('close', onClose);
    if (protocol === 'centrifugo') ws.once('open', () => ws.send('{"id":1,"connect":{}}'));
  });
}
