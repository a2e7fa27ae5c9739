import type { RandomFn } from './seeded-random.js';

/**
 * Level changes of one simulator step: price in ticks → quantity in lots, 0 when
 * the level left. A level touched twice in a step keeps its last quantity, and one
 * that appeared and left within the step is no change at all.
 */
export class LevelChanges {
  readonly levels = new Map<number, number>();
  /** Levels that did not exist when the step began. */
  private readonly added = new Set<number>();

  /** A level appeared at `ticks`. */
  add(ticks: number, lots: number): void {
    // A level removed earlier in the step existed before it: that is a quantity change.
    if (this.levels.get(ticks) !== 0) this.added.add(ticks);
    this.levels.set(ticks, lots);
  }

  /** The level at `ticks` now holds `lots`. */
  change(ticks: number, lots: number): void {
    this.levels.set(ticks, lots);
  }

  /** The level at `ticks` left. */
  remove(ticks: number): void {
    if (this.added.delete(ticks)) this.levels.delete(ticks);
    else this.levels.set(ticks, 0);
  }
}

/** Share of churn operations that change a level's quantity; the rest split between leave and appear. */
const CHANGE_SHARE = 0.5;
const LEAVE_SHARE = 0.25;

/**
 * One side of a simulated level-2 book, in integer units: prices in ticks,
 * quantities in lots. Levels are kept best first under a `key` that ascends away
 * from the touch (ask: +ticks, bid: −ticks), so both sides share one code path.
 *
 * The side always holds `depth` levels (fewer only where bid prices would reach
 * zero). Each operation records what it changed, so a step costs a few array
 * splices, never a rebuild of the side.
 */
export class SimulatedBookSide {
  private keys: number[] = [];
  private lots: number[] = [];

  /**
   * @param sign +1 for asks, −1 for bids.
   * @param depth levels kept.
   * @param gapTicks mean distance between neighbouring levels, in ticks (≥ 1).
   */
  constructor(
    private readonly sign: 1 | -1,
    private readonly depth: number,
    private readonly gapTicks: number,
    private readonly random: RandomFn,
  ) {}

  /** Best price in ticks, or undefined when the side is empty. */
  get bestTicks(): number | undefined {
    return this.keys.length > 0 ? this.sign * this.keys[0]! : undefined;
  }

  get size(): number {
    return this.keys.length;
  }

  /** Levels best first, as `[ticks, lots]`. */
  levels(): Array<[number, number]> {
    return this.keys.map((key, i) => [this.sign * key, this.lots[i]!]);
  }

  /**
   * Makes `bestTicks` the touch: levels better than it leave, a level appears at it
   * when there is none, and when the touch moved towards the other side the gap
   * behind it fills with levels, so the top of the book stays dense. The far end is
   * then trimmed or extended back to `depth`.
   */
  moveTo(bestTicks: number, changes: LevelChanges): void {
    const target = this.sign * bestTicks;
    let better = 0;
    while (better < this.keys.length && this.keys[better]! < target) {
      changes.remove(this.ticksOf(this.keys[better]!));
      better++;
    }
    if (better > 0) {
      this.keys.splice(0, better);
      this.lots.splice(0, better);
    }
    if (this.keys[0] !== target) {
      const limit = this.keys[0] ?? Number.POSITIVE_INFINITY;
      const keys = [];
      for (let key = target; key < limit && keys.length < this.depth; key += this.gap()) {
        if (this.ticksOf(key) < 1) break;
        keys.push(key);
      }
      const lots = keys.map(() => this.freshLots());
      keys.forEach((key, i) => changes.add(this.ticksOf(key), lots[i]!));
      this.keys.unshift(...keys);
      this.lots.unshift(...lots);
    }
    this.restoreDepth(changes);
  }

  /**
   * A trade of `lots` against the touch. The level stays (the book's best must stay
   * the ticker's quote); when the trade takes all of it, fresh liquidity joins at
   * the same price.
   */
  fill(lots: number, changes: LevelChanges): void {
    if (this.keys.length === 0) return;
    const left = this.lots[0]! - lots;
    this.lots[0] = left > 0 ? left : this.freshLots();
    changes.change(this.ticksOf(this.keys[0]!), this.lots[0]);
  }

  /**
   * One random change behind the touch: a level's quantity changes, a level leaves
   * (a new one appears at the far end), or a level appears in a hole (the farthest
   * one leaves). The touch itself only moves with the quote.
   */
  churn(changes: LevelChanges): void {
    if (this.keys.length < 2) return;
    const i = 1 + Math.floor(this.random() * (this.keys.length - 1));
    const action = this.random();
    const hole = this.keys[i]! - this.keys[i - 1]! - 1;
    if (action < CHANGE_SHARE || (action >= CHANGE_SHARE + LEAVE_SHARE && hole === 0)) {
      this.lots[i] = this.freshLots();
      changes.change(this.ticksOf(this.keys[i]!), this.lots[i]);
    } else if (action < CHANGE_SHARE + LEAVE_SHARE) {
      changes.remove(this.ticksOf(this.keys[i]!));
      this.keys.splice(i, 1);
      this.lots.splice(i, 1);
    } else {
      const key = this.keys[i - 1]! + 1 + Math.floor(this.random() * hole);
      const lots = this.freshLots();
      this.keys.splice(i, 0, key);
      this.lots.splice(i, 0, lots);
      changes.add(this.ticksOf(key), lots);
    }
    this.restoreDepth(changes);
  }

  /** Trims the far end back to `depth`, or extends it (bids never reach a price of 0). */
  private restoreDepth(changes: LevelChanges): void {
    while (this.keys.length > this.depth) {
      changes.remove(this.ticksOf(this.keys.pop()!));
      this.lots.pop();
    }
    while (this.keys.length < this.depth && this.keys.length > 0) {
      const key = this.keys[this.keys.length - 1]! + this.gap();
      if (this.ticksOf(key) < 1) break;
      const lots = this.freshLots();
      this.keys.push(key);
      this.lots.push(lots);
      changes.add(this.ticksOf(key), lots);
    }
  }

  private ticksOf(key: number): number {
    return this.sign * key;
  }

  /** Distance to the next level: 1 .. 2 × gapTicks, so levels are irregular around the mean. */
  private gap(): number {
    return 1 + Math.floor(this.random() * 2 * this.gapTicks);
  }

  /** A resting quantity: mostly small, sometimes large (exponential), at least one lot. */
  private freshLots(): number {
    return 1 + Math.floor(-Math.log(Math.max(this.random(), 1e-9)) * 10);
  }
}
