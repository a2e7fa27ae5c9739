import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { runtimeClock, type ClientClock } from './client-clock.js';
import { TickstreamError } from './client-errors.js';
import { globalWebSocket, type WebSocketConstructorLike } from './websocket-like.js';

/** Options of {@link TickstreamClient}. Only `url` is required. */
export interface TickstreamClientOptions {
  /** The stream endpoint, e.g. `ws://localhost:8080/v1/stream`. */
  readonly url: string;
  /** Credentials, sent as the `token` query parameter (browsers cannot set upgrade headers). */
  readonly token?: string;
  /** The WebSocket class. Default `globalThis.WebSocket`; in Node 20 pass `WebSocket` from `ws`. */
  readonly WebSocket?: WebSocketConstructorLike;
  /** Time allowed for a request's reply, ms, counted from the call. Default 10000. */
  readonly requestTimeoutMs?: number;
  /** Reconnect backoff; see {@link BackoffOptions} for each default. */
  readonly backoff?: Partial<BackoffOptions>;
  /** Time and timers. Default: the runtime's. */
  readonly clock?: ClientClock;
  /** Source of jitter, a number in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Default capacity of each {@link TickstreamClient.tickers} buffer, in tickers. Default 1024. */
  readonly tickerBufferSize?: number;
}

/** Options with every default applied. */
export interface ResolvedClientOptions {
  readonly url: string;
  readonly WebSocket: WebSocketConstructorLike;
  readonly requestTimeoutMs: number;
  readonly backoff: BackoffOptions;
  readonly clock: ClientClock;
  readonly random: () => number;
  readonly tickerBufferSize: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_TICKER_BUFFER_SIZE = 1024;

export function resolveClientOptions(options: TickstreamClientOptions): ResolvedClientOptions {
  const WebSocketClass = options.WebSocket ?? globalWebSocket();
  if (!WebSocketClass) {
    throw new TickstreamError(
      'no WebSocket class: pass one as the WebSocket option (in Node 20: WebSocket from "ws")',
    );
  }
  return {
    url: withToken(options.url, options.token),
    WebSocket: WebSocketClass,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    clock: options.clock ?? runtimeClock,
    random: options.random ?? Math.random,
    tickerBufferSize: options.tickerBufferSize ?? DEFAULT_TICKER_BUFFER_SIZE,
  };
}

function withToken(url: string, token: string | undefined): string {
  if (token === undefined) return url;
  const parsed = new URL(url);
  parsed.searchParams.set('token', token);
  return parsed.toString();
}
