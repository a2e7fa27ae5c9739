// Market constants of the channels beyond `ticker`, for the k6 scripts: a plain-JS MIRROR of
// src/market/candle.ts and src/market/book-level.ts (k6 cannot import TypeScript). No k6 imports,
// so Node (Jest) can import it; test/load-book-mirror.e2e-spec.ts compares it with src/market.

/** Length of each candle interval in ms; bars start at multiples of it since the epoch (UTC). */
export const CANDLE_INTERVAL_MS = Object.freeze({
  '1s': 1000,
  '1m': 60000,
  '5m': 300000,
  '15m': 900000,
  '1h': 3600000,
  '1d': 86400000,
});

/** The depths a `book` subscription may ask for: levels kept per side. */
export const BOOK_DEPTHS = Object.freeze([10, 25, 100]);

/** Depth of a `book` subscription that names none. */
export const DEFAULT_BOOK_DEPTH = 10;
