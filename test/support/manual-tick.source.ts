import { BehaviorSubject, Subject } from 'rxjs';
import type { TickSource } from '../../src/ingest/tick-source.js';
import type { RawTick } from '../../src/market/tick.js';
import { IngestStats } from '../../src/ingest/ingest-stats.js';

/** A tick source driven by the test: it emits exactly the ticks the test gives it. */
export class ManualTickSource implements TickSource {
  readonly name = 'manual';
  readonly stats = new IngestStats();
  private readonly ticks = new Subject<RawTick>();
  private readonly readySubject = new BehaviorSubject(true);
  readonly ticks$ = this.ticks.asObservable();
  readonly ready$ = this.readySubject.asObservable();
  /** A listed symbol whose lookup throws, to exercise the INTERNAL error path. */
  failingSymbol: string | undefined;

  constructor(private readonly listed: ReadonlySet<string> = new Set()) {}

  isListed(symbol: string): boolean {
    if (symbol === this.failingSymbol) throw new Error('reference data unavailable');
    return this.listed.has(symbol);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  setReady(ready: boolean): void {
    this.readySubject.next(ready);
  }

  /** Emits a tick for `symbol` at `last`, stamped now unless `ts` is given. */
  emit(symbol: string, last: number, overrides: Partial<RawTick> = {}): void {
    this.ticks.next({
      symbol,
      ts: Date.now(),
      bid: last - 0.01,
      ask: last + 0.01,
      last,
      lastSize: 100,
      ...overrides,
    });
  }
}
