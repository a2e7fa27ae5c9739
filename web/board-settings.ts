/** What the board remembers across visits, in localStorage. */
export interface BoardSettings {
  readonly symbols: readonly string[];
  readonly throttleMs: number;
}

const KEY = 'tickstream.board.v1';
/** Shown on a first visit, when the service lists them. */
export const DEFAULT_SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'BTC-USD', 'ETH-USD', 'EUR/USD', 'USD/JPY'];
export const DEFAULT_THROTTLE_MS = 250;

export function loadSettings(): BoardSettings | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<BoardSettings>;
    if (!Array.isArray(parsed.symbols) || typeof parsed.throttleMs !== 'number') return undefined;
    return {
      symbols: parsed.symbols.filter((s): s is string => typeof s === 'string'),
      throttleMs: parsed.throttleMs,
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
