import type { Ticker } from '../src/client/index.js';
import { element } from './dom.js';
import {
  decimalsOf,
  formatAge,
  formatChange,
  formatPercent,
  formatPrice,
  formatVolume,
} from './price-format.js';

type Direction = 'up' | 'down';

interface Row {
  readonly tr: HTMLTableRowElement;
  readonly select: HTMLButtonElement;
  readonly bid: HTMLTableCellElement;
  readonly ask: HTMLTableCellElement;
  readonly last: HTMLTableCellElement;
  readonly change: HTMLTableCellElement;
  readonly changePct: HTMLTableCellElement;
  readonly volume: HTMLTableCellElement;
  readonly age: HTMLTableCellElement;
  /** Decimals shown for this symbol: the most seen so far, so columns do not jitter. */
  decimals: number;
  ticker: Ticker | undefined;
}

/** How long a price cell flashes after it moves, ms. */
const FLASH_MS = 900;
const FLASH_COLOR: Record<Direction, string> = {
  up: 'rgba(38, 208, 124, 0.28)',
  down: 'rgba(255, 84, 89, 0.28)',
};

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

/**
 * The ticker table: one row per symbol. Updates are applied once per animation
 * frame (the newest ticker of each symbol wins), so a fast feed costs one
 * layout per frame however many tickers arrive. Each symbol's name is a toggle
 * button that selects it for the market panel (chart, ladder, tape).
 */
export class BoardTable {
  private readonly rows = new Map<string, Row>();
  private readonly pending = new Map<string, Ticker>();
  private frameRequested = false;

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly onRemove: (symbol: string) => void,
    private readonly onSelect: (symbol: string) => void = () => undefined,
  ) {}

  has(symbol: string): boolean {
    return this.rows.has(symbol);
  }

  symbols(): string[] {
    return [...this.rows.keys()];
  }

  /** Adds an empty row (filled by the first ticker); false when the symbol is already shown. */
  add(symbol: string): boolean {
    if (this.rows.has(symbol)) return false;
    const tr = element('tr');
    tr.dataset.symbol = symbol;
    const name = element('th', 'symbol');
    name.scope = 'row';
    const select = element('button', 'select-symbol', symbol);
    select.type = 'button';
    select.title = `Show ${symbol}'s chart, book and trades`;
    select.setAttribute('aria-pressed', 'false');
    select.addEventListener('click', () => this.onSelect(symbol));
    name.append(select);
    const cell = (className: string): HTMLTableCellElement =>
      element('td', `num ${className}`, '—');
    const row: Row = {
      tr,
      select,
      bid: cell('bid'),
      ask: cell('ask'),
      last: cell('last'),
      change: cell('change'),
      changePct: cell('change-pct'),
      volume: cell('volume'),
      age: cell('age'),
      decimals: 0,
      ticker: undefined,
    };
    const remove = element('button', 'remove', '×');
    remove.type = 'button';
    remove.title = `Remove ${symbol}`;
    remove.setAttribute('aria-label', `Remove ${symbol}`);
    remove.addEventListener('click', () => this.onRemove(symbol));
    const actions = element('td', 'actions');
    actions.append(remove);
    tr.append(
      name,
      row.bid,
      row.ask,
      row.last,
      row.change,
      row.changePct,
      row.volume,
      row.age,
      actions,
    );
    this.body.append(tr);
    this.rows.set(symbol, row);
    return true;
  }

  /** Marks `symbol`'s row as the one the market panel shows (or none). */
  markSelected(symbol: string | undefined): void {
    for (const [key, row] of this.rows) {
      const selected = key === symbol;
      row.select.setAttribute('aria-pressed', String(selected));
      row.tr.classList.toggle('is-selected', selected);
    }
  }

  remove(symbol: string): void {
    this.rows.get(symbol)?.tr.remove();
    this.rows.delete(symbol);
    this.pending.delete(symbol);
  }

  /** Queues `ticker` for the next frame. */
  update(ticker: Ticker): void {
    if (!this.rows.has(ticker.symbol)) return;
    this.pending.set(ticker.symbol, ticker);
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.flush());
  }

  /** Refreshes the "age" column: time since each symbol's source event. */
  refreshAges(now: number): void {
    for (const row of this.rows.values()) {
      if (row.ticker) row.age.textContent = formatAge(now - row.ticker.ts);
    }
  }

  private flush(): void {
    this.frameRequested = false;
    for (const ticker of this.pending.values()) {
      const row = this.rows.get(ticker.symbol);
      if (row) this.render(row, ticker);
    }
    this.pending.clear();
  }

  private render(row: Row, ticker: Ticker): void {
    const previous = row.ticker;
    row.ticker = ticker;
    row.decimals = Math.max(
      row.decimals,
      decimalsOf(ticker.bid),
      decimalsOf(ticker.ask),
      decimalsOf(ticker.last),
    );
    const d = row.decimals;
    setPrice(row.bid, ticker.bid, previous?.bid, d);
    setPrice(row.ask, ticker.ask, previous?.ask, d);
    setPrice(row.last, ticker.last, previous?.last, d);
    row.change.textContent = formatChange(ticker.change, d);
    row.changePct.textContent = formatPercent(ticker.changePct);
    const sign = ticker.change > 0 ? 'up' : ticker.change < 0 ? 'down' : 'flat';
    row.change.dataset.sign = sign;
    row.changePct.dataset.sign = sign;
    row.volume.textContent = formatVolume(ticker.volume);
    row.age.textContent = formatAge(Date.now() - ticker.ts);
  }
}

/** Writes a price; when it moved, marks the direction and flashes the cell. */
function setPrice(
  cell: HTMLTableCellElement,
  value: number,
  previous: number | undefined,
  decimals: number,
): void {
  cell.textContent = formatPrice(value, decimals);
  if (previous === undefined || previous === value) return;
  const direction: Direction = value > previous ? 'up' : 'down';
  cell.dataset.dir = direction;
  if (reducedMotion.matches) return;
  cell.animate([{ backgroundColor: FLASH_COLOR[direction] }, { backgroundColor: 'transparent' }], {
    duration: FLASH_MS,
    easing: 'ease-out',
  });
}
