import type { Trade } from '../src/client/index.js';
import { element } from './dom.js';
import { formatPrice } from './price-format.js';

/** Trades the tape keeps on screen, newest first. */
export const TAPE_LENGTH = 30;

const time = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
  timeZone: 'UTC',
});
const size = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

/**
 * The trade tape: the last {@link TAPE_LENGTH} trades of the selected symbol, newest on
 * top, time (UTC, to the ms), price, size and aggressor side (buy green, sell red). Rows
 * are added once per animation frame, however many trades arrived; a gap in `seq` (trades
 * the client never got) is marked on the row after it.
 */
export class TradeTape {
  private pending: Array<{ trade: Trade; afterGap: boolean }> = [];
  private frameRequested = false;
  private decimals = 2;

  constructor(private readonly body: HTMLTableSectionElement) {}

  /** Queues `trade` for the next frame; `afterGap` when trades before it are missing. */
  add(trade: Trade, afterGap = false): void {
    this.pending.push({ trade, afterGap });
    if (this.pending.length > TAPE_LENGTH)
      this.pending.splice(0, this.pending.length - TAPE_LENGTH);
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.draw());
  }

  /** Prices are shown with `decimals` places (the instrument's tick size). */
  setDecimals(decimals: number): void {
    this.decimals = decimals;
  }

  clear(): void {
    this.pending = [];
    this.body.replaceChildren();
  }

  private draw(): void {
    this.frameRequested = false;
    const rows = this.pending.map(({ trade, afterGap }) => this.row(trade, afterGap)).reverse();
    this.pending = [];
    this.body.prepend(...rows);
    while (this.body.rows.length > TAPE_LENGTH) this.body.lastElementChild?.remove();
  }

  private row(trade: Trade, afterGap: boolean): HTMLTableRowElement {
    const tr = element('tr');
    tr.dataset.side = trade.side;
    tr.dataset.seq = String(trade.seq);
    if (afterGap) tr.classList.add('after-gap');
    const when = element('td', 'time', time.format(trade.ts));
    const price = element('td', 'num price', formatPrice(trade.price, this.decimals));
    const amount = element('td', 'num size', size.format(trade.size));
    const side = element('td', 'side', trade.side === 'buy' ? 'Buy' : 'Sell');
    tr.append(when, price, amount, side);
    return tr;
  }
}
