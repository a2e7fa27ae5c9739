import {
  CANDLE_INTERVALS,
  TickstreamClient,
  TickstreamRequestError,
  type CandleInterval,
} from '../src/client/index.js';
import { BoardTable } from './board-table.js';
import {
  DEFAULT_INTERVAL,
  DEFAULT_SYMBOLS,
  DEFAULT_THROTTLE_MS,
  loadSettings,
  saveSettings,
} from './board-settings.js';
import { BookLadder } from './book-ladder.js';
import { CandleChart } from './candle-chart.js';
import { byId } from './dom.js';
import { LatencyMeter } from './latency-meter.js';
import { MarketPanel } from './market-panel.js';
import { StatusBar } from './status-bar.js';
import { SymbolPicker } from './symbol-picker.js';
import { TradeTape } from './trade-tape.js';

/** How often ages, latency and the stale duration are redrawn, ms. */
const REFRESH_MS = 1000;
/** Symbols shown on a first visit when none of the defaults is listed. */
const FIRST_VISIT_COUNT = 6;

/** The service's URL for `path`, relative to this page (works behind a path prefix). */
function serviceUrl(path: string, protocol?: 'ws'): string {
  const url = new URL(path, document.baseURI);
  if (protocol) url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * Credentials handed to the page as `?token=` (a browser cannot set headers on a WebSocket
 * upgrade): the stream takes them in its URL, REST as a header.
 */
const pageToken = new URLSearchParams(location.search).get('token') ?? undefined;

/** The symbols these credentials may read. */
async function listedSymbols(): Promise<string[]> {
  const response = await fetch(
    serviceUrl('v1/symbols'),
    pageToken ? { headers: { Authorization: `Bearer ${pageToken}` } } : {},
  );
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { symbols: string[] }).symbols;
}

async function main(): Promise<void> {
  const throttleSelect = byId('throttle', HTMLSelectElement);
  const boardElement = byId('board', HTMLTableElement);
  const empty = byId('empty', HTMLElement);
  const count = byId('count', HTMLElement);
  const latency = new LatencyMeter();
  const status = new StatusBar(
    {
      connection: byId('connection', HTMLElement),
      stale: byId('stale', HTMLElement),
      latency: byId('latency', HTMLOutputElement),
      rate: byId('rate', HTMLOutputElement),
      session: byId('session', HTMLElement),
      board: boardElement,
    },
    latency,
  );
  const client = new TickstreamClient({
    url: serviceUrl('v1/stream', 'ws'),
    WebSocket,
    ...(pageToken ? { token: pageToken } : {}),
  });
  const settings = loadSettings();
  throttleSelect.value = String(settings?.throttleMs ?? DEFAULT_THROTTLE_MS);
  const throttleMs = (): number => Number(throttleSelect.value);

  const intervalSelect = byId('candle-interval', HTMLSelectElement);
  intervalSelect.value = settings?.interval ?? DEFAULT_INTERVAL;
  const market = new MarketPanel(
    client,
    {
      panel: byId('market', HTMLElement),
      symbol: byId('market-symbol', HTMLElement),
      notice: byId('market-notice', HTMLElement),
    },
    new CandleChart(byId('chart', HTMLElement), byId('chart-summary', HTMLElement)),
    new BookLadder(byId('ladder-rows', HTMLTableSectionElement), byId('spread', HTMLElement)),
    new TradeTape(byId('tape-rows', HTMLTableSectionElement)),
    settings?.interval ?? DEFAULT_INTERVAL,
  );
  const marketEmpty = byId('market-empty', HTMLElement);

  const persist = (): void => {
    const symbols = table.symbols();
    empty.hidden = symbols.length > 0;
    count.textContent = symbols.length === 1 ? '1 symbol' : `${symbols.length} symbols`;
    saveSettings({
      symbols,
      throttleMs: throttleMs(),
      ...(market.symbol === undefined ? {} : { selected: market.symbol }),
      interval: market.candleInterval,
    });
  };

  /** Shows `symbol` in the market panel (none: `undefined`). */
  const select = (symbol: string | undefined): void => {
    table.markSelected(symbol);
    marketEmpty.hidden = symbol !== undefined;
    void market.select(symbol).then(persist);
    persist();
  };

  const table = new BoardTable(
    byId('rows', HTMLTableSectionElement),
    (symbol) => {
      table.remove(symbol);
      if (market.symbol === symbol) select(table.symbols()[0]);
      persist();
      picker.say(`Removed ${symbol}.`);
      client.unsubscribe([symbol]).catch(() => undefined);
    },
    select,
  );

  intervalSelect.addEventListener('change', () => {
    const interval = CANDLE_INTERVALS.find((i): i is CandleInterval => i === intervalSelect.value);
    if (interval) void market.setInterval(interval).then(persist);
  });

  /** Shows and subscribes `symbols`; symbols the server refuses are taken off again. */
  const show = async (symbols: readonly string[]): Promise<void> => {
    const added = symbols.filter((s) => table.add(s));
    persist();
    if (added.length === 0) return;
    try {
      await client.subscribe(added, { throttleMs: throttleMs() });
    } catch (error) {
      const refused = error instanceof TickstreamRequestError ? error.symbols : added;
      for (const symbol of refused.length > 0 ? refused : added) table.remove(symbol);
      persist();
      const rest = added.filter((s) => !refused.includes(s));
      if (rest.length > 0 && rest.length < added.length) await show(rest);
      throw error;
    }
  };

  const picker = new SymbolPicker(
    {
      form: byId('add-form', HTMLFormElement),
      input: byId('symbol-input', HTMLInputElement),
      options: byId('symbol-options', HTMLDataListElement),
      hint: byId('add-hint', HTMLElement),
    },
    (symbol) => table.has(symbol),
    async (symbol) => {
      await show([symbol]);
      if (market.symbol === undefined) select(symbol);
    },
  );

  throttleSelect.addEventListener('change', () => {
    persist();
    const symbols = table.symbols();
    // Re-subscribing held symbols only changes their throttle: no second stream, no snapshot.
    if (symbols.length > 0) {
      client.subscribe(symbols, { throttleMs: throttleMs() }).then(
        () =>
          picker.say(`Throttle set to ${throttleSelect.selectedOptions[0]?.text ?? throttleMs()}.`),
        (error: unknown) => picker.say(`Could not change the throttle: ${String(error)}`, 'error'),
      );
    }
  });

  client.on('state', (state) => status.setState(state));
  client.on('welcome', (welcome) => status.setSession(welcome.sessionId));
  client.on('stale', ({ silentMs }) => status.setStale(true, silentMs));
  client.on('fresh', () => status.setStale(false));
  client.on('warning', (warning) => picker.say(`Server: ${warning.message}`, 'error'));
  client.on('ticker', (ticker) => {
    latency.record(Date.now() - ticker.ts);
    table.update(ticker);
  });
  client.on('disconnect', (info) => {
    if (!info.willReconnect) status.setState('closed', `closed by the server (${info.code})`);
  });
  setInterval(() => {
    const now = Date.now();
    status.refresh(now);
    table.refreshAges(now);
  }, REFRESH_MS);

  status.setState('connecting');
  persist();
  const [symbols] = await Promise.all([
    listedSymbols().catch((error: unknown) => {
      picker.say(`Symbol list unavailable: ${String(error)}`, 'error');
      return [] as string[];
    }),
    client.connect(),
  ]);
  picker.setSymbols(symbols);
  const defaults = DEFAULT_SYMBOLS.filter((s) => symbols.includes(s));
  const initial =
    settings?.symbols ?? (defaults.length > 0 ? defaults : symbols.slice(0, FIRST_VISIT_COUNT));
  await show(initial).catch((error: unknown) =>
    picker.say(`Some symbols could not be restored: ${String(error)}`, 'error'),
  );
  const shown = table.symbols();
  select(settings?.selected && shown.includes(settings.selected) ? settings.selected : shown[0]);
}

main().catch((error: unknown) => {
  const connection = document.getElementById('connection');
  if (connection) {
    connection.dataset.state = 'closed';
    connection.textContent = `Disconnected · ${error instanceof Error ? error.message : String(error)}`;
  }
});
