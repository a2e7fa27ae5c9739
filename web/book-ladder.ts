import type { BookLevel, BookUpdate, OrderBookView } from '../src/client/index.js';
import { element } from './dom.js';
import { decimalPlaces } from './price-format.js';

/** Levels a side the ladder shows: the book subscription's depth. */
export const LADDER_DEPTH = 10;

/** How long a changed level flashes, ms. */
const FLASH_MS = 600;
const FLASH_COLOR = {
  up: 'rgba(38, 208, 124, 0.3)',
  down: 'rgba(255, 84, 89, 0.3)',
  new: 'rgba(76, 141, 255, 0.2)',
} as const;
type Change = keyof typeof FLASH_COLOR;

interface SideCells {
  readonly price: HTMLTableCellElement;
  readonly size: HTMLTableCellElement;
}

interface LadderRow {
  readonly bid: SideCells;
  readonly ask: SideCells;
}

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

/**
 * The order book ladder: the best {@link LADDER_DEPTH} bids and asks side by side, level 1
 * (the touch) first, prices and sizes exactly as the server sent them. A level whose size
 * changed flashes (green up, red down, blue new). Like the ticker table it draws at most
 * once per animation frame, the newest book winning, the changes of every entry since the
 * last draw flashing together.
 */
export class BookLadder {
  private readonly rows: LadderRow[] = [];
  private book: OrderBookView | undefined;
  /** Previous size of each price shown, to tell up from down; `bids:101.40` → `"3.000"`. */
  private shown = new Map<string, string>();
  private changed = new Set<string>();
  private frameRequested = false;

  constructor(
    body: HTMLTableSectionElement,
    private readonly spread: HTMLElement,
  ) {
    for (let level = 1; level <= LADDER_DEPTH; level++) {
      const tr = element('tr');
      const header = element('th', 'level', String(level));
      header.scope = 'row';
      const cell = (className: string): HTMLTableCellElement =>
        element('td', `num ${className}`, '—');
      const row: LadderRow = {
        bid: { size: cell('bid-size'), price: cell('bid') },
        ask: { price: cell('ask'), size: cell('ask-size') },
      };
      tr.append(header, row.bid.size, row.bid.price, row.ask.price, row.ask.size);
      body.append(tr);
      this.rows.push(row);
    }
  }

  /** Queues a book change for the next frame. */
  update(update: BookUpdate): void {
    this.book = update.book;
    if (update.kind === 'update') {
      for (const [price] of update.changed.bids) this.changed.add(`bids:${price}`);
      for (const [price] of update.changed.asks) this.changed.add(`asks:${price}`);
    }
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.draw());
  }

  /** Empties the ladder (another symbol, or none). */
  clear(): void {
    this.book = undefined;
    this.shown.clear();
    this.changed.clear();
    for (const row of this.rows) {
      const tr = row.bid.price.parentElement;
      tr?.style.removeProperty('--bid-depth');
      tr?.style.removeProperty('--ask-depth');
      for (const cells of [row.bid, row.ask]) {
        cells.price.textContent = '—';
        cells.size.textContent = '—';
        delete cells.price.dataset.changed;
        delete cells.size.dataset.changed;
      }
    }
    this.spread.textContent = '';
  }

  private draw(): void {
    this.frameRequested = false;
    const book = this.book;
    if (!book) return;
    const largest = Math.max(1, ...[...book.bids, ...book.asks].map(([, qty]) => Number(qty)));
    const shown = new Map<string, string>();
    this.rows.forEach((row, i) => {
      this.drawLevel(row.bid, 'bids', book.bids[i], largest, shown);
      this.drawLevel(row.ask, 'asks', book.asks[i], largest, shown);
    });
    this.shown = shown;
    this.changed.clear();
    const bestBid = book.bids[0]?.[0];
    const bestAsk = book.asks[0]?.[0];
    this.spread.textContent =
      bestBid && bestAsk ? `spread ${spreadOf(bestBid, bestAsk)}` : 'one side empty';
  }

  private drawLevel(
    cells: SideCells,
    side: 'bids' | 'asks',
    level: BookLevel | undefined,
    largest: number,
    shown: Map<string, string>,
  ): void {
    const row = cells.price.parentElement;
    const depthProperty = side === 'bids' ? '--bid-depth' : '--ask-depth';
    if (!level) {
      cells.price.textContent = '—';
      cells.size.textContent = '—';
      row?.style.removeProperty(depthProperty);
      return;
    }
    const [price, qty] = level;
    const key = `${side}:${price}`;
    cells.price.textContent = price;
    cells.size.textContent = qty;
    // The depth bar: a custom property set through the CSSOM, which the CSP allows.
    row?.style.setProperty(depthProperty, `${Math.round((100 * Number(qty)) / largest)}%`);
    shown.set(key, qty);
    if (!this.changed.has(key)) return;
    const before = this.shown.get(key);
    const change: Change =
      before === undefined ? 'new' : Number(qty) >= Number(before) ? 'up' : 'down';
    for (const cell of [cells.price, cells.size]) {
      cell.dataset.changed = change;
      if (reducedMotion.matches) continue;
      cell.animate([{ backgroundColor: FLASH_COLOR[change] }, { backgroundColor: 'transparent' }], {
        duration: FLASH_MS,
        easing: 'ease-out',
      });
    }
  }
}

/** `ask - bid` with the prices' decimals, computed on integers so it prints exactly. */
function spreadOf(bid: string, ask: string): string {
  const decimals = Math.max(decimalPlaces(bid), decimalPlaces(ask));
  const units = (price: string): number => Math.round(Number(price) * 10 ** decimals);
  return ((units(ask) - units(bid)) / 10 ** decimals).toFixed(decimals);
}
