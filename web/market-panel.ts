import {
  Channel,
  TickstreamRequestError,
  type CandleInterval,
  type ChannelSubscription,
  type TickstreamClient,
} from '../src/client/index.js';
import { LADDER_DEPTH, type BookLadder } from './book-ladder.js';
import type { CandleChart } from './candle-chart.js';
import { decimalPlaces } from './price-format.js';
import type { TradeTape } from './trade-tape.js';

/** The elements the panel writes to besides its chart, ladder and tape. */
export interface MarketElements {
  readonly panel: HTMLElement;
  readonly symbol: HTMLElement;
  readonly notice: HTMLElement;
}

/** Book updates for the ladder at most every 100 ms: changes merge, none is lost. */
const BOOK_THROTTLE_MS = 100;
/** The open bar redrawn at most every 250 ms; closed bars come at once. */
const CANDLE_THROTTLE_MS = 250;
/** Closed bars the chart starts with. */
const CANDLE_HISTORY = 300;

/**
 * The market panel for one selected symbol: a candlestick chart (`candles`), the order
 * book ladder (`book`, depth 10) and the trade tape (`trades`). Selecting another symbol
 * unsubscribes the old one's channels and subscribes the new one's; the SDK restores them
 * after a reconnect, resuming the tape where it stopped. A channel the server does not
 * serve, or refuses, is named in the panel's notice; the others work on.
 */
export class MarketPanel {
  private selected: string | undefined;
  private gapBeforeNextTrade = false;

  constructor(
    private readonly client: TickstreamClient,
    private readonly elements: MarketElements,
    private readonly chart: CandleChart,
    private readonly ladder: BookLadder,
    private readonly tape: TradeTape,
    private interval: CandleInterval,
  ) {
    client.on('book', (update) => {
      if (update.symbol !== this.selected) return;
      this.ladder.update(update);
      const price = update.book.bids[0]?.[0] ?? update.book.asks[0]?.[0];
      if (price !== undefined) this.setDecimals(decimalPlaces(price));
    });
    client.on('bookMismatch', (mismatch) => {
      if (mismatch.symbol === this.selected) {
        this.say(`Book checksum mismatch at seq ${mismatch.seq}: fetching a fresh snapshot.`);
      }
    });
    client.on('candle', (candle) => this.chart.apply(candle));
    client.on('tradeGap', (gap) => {
      if (gap.symbol === this.selected) this.gapBeforeNextTrade = true;
    });
    client.on('trade', (trade) => {
      if (trade.symbol !== this.selected) return;
      this.tape.add(trade, this.gapBeforeNextTrade);
      this.gapBeforeNextTrade = false;
    });
  }

  /** The symbol shown, if any. */
  get symbol(): string | undefined {
    return this.selected;
  }

  get candleInterval(): CandleInterval {
    return this.interval;
  }

  /** Shows `symbol` (or nothing): its chart, ladder and tape replace the previous ones. */
  async select(symbol: string | undefined): Promise<void> {
    if (symbol === this.selected) return;
    const previous = this.selected;
    this.selected = symbol;
    this.gapBeforeNextTrade = false;
    this.elements.symbol.textContent = symbol ?? '—';
    this.elements.panel.dataset.symbol = symbol ?? '';
    this.ladder.clear();
    this.tape.clear();
    this.say('');
    if (previous !== undefined) this.drop(previous, this.interval);
    if (symbol === undefined) {
      this.chart.clear();
      return;
    }
    this.chart.show(symbol, this.interval);
    await this.subscribeAll(symbol, [
      {
        channel: Channel.BOOK,
        symbols: [symbol],
        depth: LADDER_DEPTH,
        throttleMs: BOOK_THROTTLE_MS,
      },
      this.candles(symbol),
      { channel: Channel.TRADES, symbols: [symbol] },
    ]);
  }

  /** Changes the chart's interval: the old bars go, the new interval's history comes. */
  async setInterval(interval: CandleInterval): Promise<void> {
    if (interval === this.interval) return;
    const previous = this.interval;
    this.interval = interval;
    const symbol = this.selected;
    if (symbol === undefined) return;
    this.drop(symbol, previous, [Channel.CANDLES]);
    this.chart.show(symbol, interval);
    await this.subscribeAll(symbol, [this.candles(symbol)]);
  }

  private candles(symbol: string): ChannelSubscription {
    return {
      channel: Channel.CANDLES,
      symbols: [symbol],
      interval: this.interval,
      history: CANDLE_HISTORY,
      throttleMs: CANDLE_THROTTLE_MS,
    };
  }

  private setDecimals(decimals: number): void {
    this.chart.setDecimals(decimals);
    this.tape.setDecimals(decimals);
  }

  /** Subscribes each channel on its own, so one refused channel does not hide the others. */
  private async subscribeAll(symbol: string, subscriptions: ChannelSubscription[]): Promise<void> {
    const served = this.client.welcome?.channels;
    const problems: string[] = [];
    await Promise.all(
      subscriptions.map(async (subscription) => {
        if (served && !served.includes(subscription.channel)) {
          problems.push(`${subscription.channel}: not served by this instance`);
          return;
        }
        try {
          await this.client.subscribe(subscription);
        } catch (error) {
          const reason = error instanceof TickstreamRequestError ? error.code : String(error);
          problems.push(`${subscription.channel}: ${reason}`);
        }
      }),
    );
    if (problems.length > 0 && symbol === this.selected) {
      this.say(`Some of ${symbol}'s data is unavailable (${problems.join('; ')}).`);
    }
  }

  /** Unsubscribes `symbol`'s channels (all three by default); failures only cost bandwidth. */
  private drop(
    symbol: string,
    interval: CandleInterval,
    channels: readonly Channel[] = [Channel.BOOK, Channel.CANDLES, Channel.TRADES],
  ): void {
    for (const channel of channels) {
      const unsubscription =
        channel === Channel.CANDLES
          ? { channel, symbols: [symbol], interval }
          : { channel, symbols: [symbol] };
      this.client.unsubscribe(unsubscription).catch(() => undefined);
    }
  }

  private say(text: string): void {
    this.elements.notice.textContent = text;
    this.elements.notice.hidden = text === '';
  }
}
