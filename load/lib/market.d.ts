// Types of load/lib/market.js, so TypeScript tests can import it under `strict` without allowJs.
export declare const CANDLE_INTERVAL_MS: Readonly<Record<string, number>>;
export declare const BOOK_DEPTHS: readonly number[];
export declare const DEFAULT_BOOK_DEPTH: number;
