import { WebSocket } from 'ws';
import type { BookDepth, BookEntry } from '../../src/market/book-level.js';
import { BookReplica } from '../../src/market/book-replica.js';
import type { ServerMessage } from '../../src/protocol/messages.js';

/** What a {@link BookWatcher} saw go wrong, for the test's assertion. */
export interface BookProblem {
  readonly symbol: string;
  readonly frame: number;
  readonly problem: string;
}

/**
 * A `book` client over a real socket that rebuilds every book it gets with
 * {@link BookReplica}, exactly as the contract says a client does, and checks
 * the checksum after every entry (so after every frame). It keeps counts, not
 * frames, so a long run stays small.
 */
export class BookWatcher {
  readonly replicas = new Map<string, BookReplica>();
  readonly problems: BookProblem[] = [];
  subscribed = false;
  frames = 0;
  snapshotFrames = 0;
  /** Entries applied (snapshot and update), each checked. */
  entries = 0;
  /** Snapshot entries per symbol. */
  readonly snapshots = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly socket: WebSocket,
    readonly depth: BookDepth,
    readonly throttleMs: number,
  ) {
    socket.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as ServerMessage));
  }

  /** Connects, subscribes to `symbols` and waits for the reply. */
  static async open(
    url: string,
    symbols: readonly string[],
    depth: BookDepth,
    throttleMs: number,
  ): Promise<BookWatcher> {
    const socket = new WebSocket(url);
    const watcher = new BookWatcher(socket, depth, throttleMs);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.send(
      JSON.stringify({ op: 'subscribe', id: 'book', channel: 'book', symbols, depth, throttleMs }),
    );
    await watcher.until(() => watcher.subscribed, 5000, 'the subscribed reply');
    return watcher;
  }

  /** Resolves once `condition()` holds, checked after each frame; rejects after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(`depth ${this.depth}/${this.throttleMs} ms: timed out waiting for ${what}`),
        );
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  close(): void {
    this.socket.close(1000);
  }

  private onFrame(message: ServerMessage): void {
    if (message.type === 'subscribed') this.subscribed = true;
    if (message.type === 'error') {
      this.problems.push({ symbol: '', frame: this.frames, problem: JSON.stringify(message) });
    }
    if ((message.type === 'snapshot' || message.type === 'update') && message.channel === 'book') {
      this.frames++;
      if (message.type === 'snapshot') this.snapshotFrames++;
      for (const entry of message.data) this.apply(entry, message.type === 'snapshot');
    }
    for (const listener of [...this.listeners]) listener();
  }

  private apply(entry: BookEntry, snapshot: boolean): void {
    this.entries++;
    let replica = this.replicas.get(entry.symbol);
    if (!replica) {
      if (!snapshot) {
        this.problem(entry.symbol, 'an update before any snapshot');
        return;
      }
      this.replicas.set(entry.symbol, (replica = new BookReplica(this.depth)));
    }
    const previousSeq = replica.seq;
    if (snapshot) this.snapshots.set(entry.symbol, (this.snapshots.get(entry.symbol) ?? 0) + 1);
    else if (previousSeq !== undefined && entry.seq <= previousSeq) {
      this.problem(entry.symbol, `seq went from ${previousSeq} to ${entry.seq}`);
    }
    const ok = snapshot ? replica.applySnapshot(entry) : replica.applyUpdate(entry);
    if (!ok) this.problem(entry.symbol, `checksum mismatch at seq ${entry.seq}`);
    // An update may also carry removed levels (zero quantities); a snapshot only the view.
    if (snapshot && (entry.bids.length > this.depth || entry.asks.length > this.depth)) {
      this.problem(entry.symbol, `more than ${this.depth} levels a side in a snapshot`);
    }
  }

  private problem(symbol: string, problem: string): void {
    // The first few are enough to see what went wrong; a broken run must not flood memory.
    if (this.problems.length < 20) this.problems.push({ symbol, frame: this.frames, problem });
  }
}
