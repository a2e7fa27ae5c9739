/** A price move that crossed the alert threshold. */
export interface PriceMove {
  readonly symbol: string;
  readonly fromPrice: number;
  readonly toPrice: number;
  /** `(toPrice - fromPrice) / fromPrice × 100`. */
  readonly changePct: number;
  /** Source time of the earlier price, epoch ms. */
  readonly fromTs: number;
  /** Source time of the price that crossed the threshold, epoch ms. */
  readonly toTs: number;
}

interface Point {
  readonly ts: number;
  readonly price: number;
}

/**
 * Detects a symbol moving more than `thresholdPct` percent within `windowMs`
 * (by source time): each new price is compared with every price of the
 * window, and the largest move that crosses the threshold is reported. After
 * an alert the symbol's window starts again at the new price, so one move
 * alerts once.
 */
export class PriceMoveDetector {
  private readonly windows = new Map<string, Point[]>();

  constructor(
    private readonly thresholdPct: number,
    private readonly windowMs: number,
  ) {}

  observe(symbol: string, price: number, ts: number): PriceMove | undefined {
    let points = this.windows.get(symbol);
    if (!points) this.windows.set(symbol, (points = []));
    const horizon = ts - this.windowMs;
    while (points.length > 0 && points[0]!.ts < horizon) points.shift();

    let move: PriceMove | undefined;
    for (const point of points) {
      if (point.price <= 0) continue;
      const changePct = ((price - point.price) / point.price) * 100;
      if (Math.abs(changePct) < this.thresholdPct) continue;
      if (move && Math.abs(changePct) <= Math.abs(move.changePct)) continue;
      move = {
        symbol,
        fromPrice: point.price,
        toPrice: price,
        changePct,
        fromTs: point.ts,
        toTs: ts,
      };
    }
    if (move) points.length = 0;
    points.push({ ts, price });
    return move;
  }
}
