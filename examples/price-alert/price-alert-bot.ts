import { TickstreamClient, type WebSocketConstructorLike } from '../../src/client/index.js';
import { PriceMoveDetector, type PriceMove } from './price-move-detector.js';

/** Settings of the price-alert bot. */
export interface PriceAlertBotOptions {
  /** Stream endpoint, e.g. `ws://localhost:8080/v1/stream`. */
  readonly url: string;
  /** Symbols to watch; default: every symbol the service lists (`GET /v1/symbols`), up to the connection's limit. */
  readonly symbols?: readonly string[];
  /** Alert when a price moves at least this many percent. */
  readonly thresholdPct: number;
  /** …within this window of source time, ms. */
  readonly windowMs: number;
  /** Throttle per symbol, ms. */
  readonly throttleMs: number;
  /** Where lines go (alerts and connection events). */
  readonly print: (line: string) => void;
  readonly WebSocket?: WebSocketConstructorLike;
  readonly token?: string;
}

/** A running bot. */
export interface PriceAlertBot {
  readonly client: TickstreamClient;
  /** Every alert so far. */
  readonly alerts: readonly PriceMove[];
  stop(): Promise<void>;
}

/**
 * Connects, subscribes and prints an alert whenever a symbol moves more than
 * the threshold within the window. Reconnects, resubscription and staleness
 * are the SDK's job: the bot only reports them.
 */
export async function startPriceAlertBot(options: PriceAlertBotOptions): Promise<PriceAlertBot> {
  const { print } = options;
  const client = new TickstreamClient({
    url: options.url,
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
  const detector = new PriceMoveDetector(options.thresholdPct, options.windowMs);
  const alerts: PriceMove[] = [];

  client.on('ticker', (ticker) => {
    const move = detector.observe(ticker.symbol, ticker.last, ticker.ts);
    if (!move) return;
    alerts.push(move);
    print(formatAlert(move));
  });
  client.on('welcome', (w) =>
    print(`connected: session ${w.sessionId}, heartbeat ${w.heartbeatMs} ms`),
  );
  client.on('disconnect', (d) =>
    print(
      d.willReconnect
        ? `disconnected (${d.code}); retrying in ${d.delayMs} ms`
        : `connection closed (${d.httpStatus ? `HTTP ${d.httpStatus}` : d.code}); not reconnecting`,
    ),
  );
  client.on('stale', ({ silentMs }) =>
    print(`feed STALE: no data for ${(silentMs / 1000).toFixed(1)} s`),
  );
  client.on('fresh', () => print('feed fresh again'));
  client.on('warning', (w) => print(`server warning ${w.code}: ${w.message}`));
  client.on('error', (e) => print(`error: ${e.message}`));

  const welcome = await client.connect();
  const symbols = (options.symbols ?? (await listedSymbols(options.url, options.token))).slice(
    0,
    welcome.limits.maxSymbols,
  );
  await client.subscribe(symbols, { throttleMs: options.throttleMs });
  print(
    `watching ${symbols.length} symbols: alert on a move of ${options.thresholdPct}% ` +
      `within ${options.windowMs / 1000} s`,
  );
  return { client, alerts, stop: () => client.close() };
}

/**
 * `GET /v1/symbols` of the service behind a stream URL: the symbols these credentials may
 * read. REST takes the stream's credentials, sent as a header (never in the URL, where
 * proxies log it).
 */
async function listedSymbols(
  streamUrl: string,
  optionToken: string | undefined,
): Promise<string[]> {
  const token = optionToken ?? new URL(streamUrl).searchParams.get('token') ?? undefined;
  const url = new URL('/v1/symbols', streamUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.search = '';
  const response = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (!response.ok) throw new Error(`GET ${url.pathname}: HTTP ${response.status}`);
  return ((await response.json()) as { symbols: string[] }).symbols;
}

export function formatAlert(move: PriceMove): string {
  const arrow = move.changePct > 0 ? '▲' : '▼';
  const sign = move.changePct > 0 ? '+' : '';
  const seconds = ((move.toTs - move.fromTs) / 1000).toFixed(1);
  return (
    `${new Date(move.toTs).toISOString()} ALERT ${arrow} ${move.symbol} ` +
    `${sign}${move.changePct.toFixed(2)}% in ${seconds} s (${move.fromPrice} → ${move.toPrice})`
  );
}
