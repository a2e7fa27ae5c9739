// Types of load/lib/book-replica.js, so TypeScript tests can import it under `strict` without allowJs.
export type Level = readonly [price: string, qty: string];

export interface EntryLike {
  readonly seq: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly checksum: number;
}

export declare const BOOK_CHECKSUM_LEVELS: 10;
export declare function isZeroDecimal(value: string): boolean;
export declare function compareDecimals(a: string, b: string): number;
export declare function bookChecksumText(asks: readonly Level[], bids: readonly Level[]): string;
export declare function bookChecksum(asks: readonly Level[], bids: readonly Level[]): number;

export declare class BookReplica {
  constructor(depth: number);
  readonly depth: number;
  readonly seq: number | undefined;
  readonly bids: Level[];
  readonly asks: Level[];
  applySnapshot(entry: EntryLike): boolean;
  applyUpdate(entry: EntryLike): boolean;
  checksum(): number;
}
