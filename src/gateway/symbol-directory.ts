import { Inject, Injectable } from '@nestjs/common';
import { TICK_SOURCE, type TickSource } from '../ingest/tick-source.js';
import { TickerBook } from '../market/ticker-book.js';

/** Which symbols exist: the ones with a price, plus the ones the source lists. */
@Injectable()
export class SymbolDirectory {
  constructor(
    private readonly book: TickerBook,
    @Inject(TICK_SOURCE) private readonly source: TickSource,
  ) {}

  isKnown(symbol: string): boolean {
    return this.book.has(symbol) || this.source.isListed(symbol);
  }

  /** Known symbols with a price, sorted. */
  symbols(): string[] {
    return [...this.book.symbols()].sort();
  }
}
