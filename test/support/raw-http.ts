import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';

/** Default wait for a raw answer, in ms. */
export const RAW_TIMEOUT_MS = 5000;

/** A parsed HTTP answer read off a raw socket. */
export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The header lines of a WebSocket upgrade of `path`, without the blank line
 * that ends them: callers add their own (repeated, odd) headers first.
 */
export function upgradeHead(path: string, extra: readonly string[] = []): string {
  return [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...extra,
  ].join('\r\n');
}

/** A plain `GET path` request's header lines (the connection closes after the answer). */
export function getHead(path: string, extra: readonly string[] = []): string {
  return [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...extra].join('\r\n');
}

/** Opens a TCP connection to `127.0.0.1:port`. */
export async function connectRaw(port: number): Promise<Socket> {
  const socket = createConnection({ host: '127.0.0.1', port });
  // A reset or refused connection is what several tests provoke; it must not crash the run.
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  return socket;
}

/**
 * Sends `head` (header lines as built by {@link upgradeHead} / {@link getHead})
 * exactly as given — so headers can be repeated, which `fetch` and `ws` merge
 * or refuse — and reads the status line, headers and body. For an upgrade the
 * answer ends with its headers (101) or with the connection (a refusal).
 */
export async function rawRequest(
  port: number,
  head: string,
  timeoutMs = RAW_TIMEOUT_MS,
): Promise<RawAnswer> {
  const socket = await connectRaw(port);
  const chunks: Buffer[] = [];
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      // A 101 leaves the connection open: its headers are the whole answer.
      if (/^HTTP\/1\.1 101 /.test(text) && text.includes('\r\n\r\n')) resolve();
    });
    socket.once('close', () => resolve());
  });
  socket.write(`${head}\r\n\r\n`);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs} ms to ${head.split('\r\n')[0]}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
  return parseAnswer(Buffer.concat(chunks));
}

function parseAnswer(bytes: Buffer): RawAnswer {
  const end = bytes.indexOf('\r\n\r\n');
  const head = (end < 0 ? bytes : bytes.subarray(0, end)).toString('latin1');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const raw = end < 0 ? Buffer.alloc(0) : bytes.subarray(end + 4);
  const body = headers['transfer-encoding'] === 'chunked' ? dechunk(raw) : raw;
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = lineEnd < 0 ? 0 : parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size <= 0) return Buffer.concat(parts);
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
