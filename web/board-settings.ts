import { CANDLE_INTERVALS, type CandleInterval } from '../src/client/index.js';

/** What the board remembers across visits, in localStorage. */
export interface BoardSettings {
  readonly symbols: readonly string[];
  readonly throttleMs: number;
  /** The symbol the market panel shows, if any. */
  readonly selected?: string;
  /** The chart's candle interval. */
  readonly interval?: CandleInterval;
}

const KEY = 'tickstream.board.v1';
/** Shown on a first visit, when the service lists them. */
export const DEFAULT_SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'BTC-USD', 'ETH-USD', 'EUR/USD', 'USD/JPY'];
export const DEFAULT_THROTTLE_MS = 250;
/** One-second bars: a chart that moves from the first visit on. */
export const DEFAULT_INTERVAL: CandleInterval = '1s';

export function loadSettings(): BoardSettings | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Record<keyof BoardSettings, unknown>>;
    if (!Array.isArray(parsed.symbols) || typeof parsed.throttleMs !== 'number') return undefined;
    const interval = CANDLE_INTERVALS.find((i) => i === parsed.interval);
    return {
      symbols: parsed.symbols.filter((s): s is string => typeof s === 'string'),
      throttleMs: parsed.throttleMs,
      ...(typeof parsed.selected === 'string' ? { selected: parsed.selected } : {}),
      ...(interval ? { interval } : {}),
    };
  } catch {
    return undefined;
  }
}

export function saveSettings(settings: BoardSettings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage may be disabled (private mode, quota): the board works without it.
  }
}
