// Types of load/lib/channel-checks.js, so TypeScript tests can import it under `strict` without allowJs.
export interface ChannelReport {
  seq(kind: string, detail: string): void;
  order(kind: string, detail: string): void;
  checksum(detail: string): void;
}

export declare class ChannelChecker {
  constructor(report: ChannelReport);
  readonly stats: {
    trades: number;
    candles: number;
    closedCandles: number;
    bookEntries: number;
    mismatches: number;
  };
  subscribed(msg: object): void;
  unsubscribed(msg: object): void;
  resumeTrades(symbol: string, seq: number): void;
  frame(msg: object): void;
}
