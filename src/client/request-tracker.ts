import type { ClientRequest, RequestId, ServerMessage } from '../protocol/index.js';
import type { ClientClock } from './client-clock.js';
import { RequestTimeoutError, TickstreamRequestError } from './client-errors.js';

interface Entry {
  readonly op: ClientRequest['op'];
  /** The serialised request, kept until it is written to a socket. */
  readonly frame: string;
  sent: boolean;
  readonly resolve: (reply: ServerMessage) => void;
  readonly reject: (error: Error) => void;
  readonly timer: unknown;
}

/** A request the tracker has numbered, and the promise of its reply. */
export interface TrackedRequest {
  readonly id: number;
  /** The serialised request, with its id. */
  readonly frame: string;
  readonly reply: Promise<ServerMessage>;
}

/**
 * Request/reply correlation by `id`. Each request gets a fresh numeric id and a
 * timer: no reply within `timeoutMs` of the call (whether or not the request
 * could be written yet) rejects with {@link RequestTimeoutError}. Requests made
 * while disconnected wait, in order, until {@link takeUnsent} hands them to a
 * socket.
 */
export class RequestTracker {
  private nextId = 1;
  private readonly entries = new Map<RequestId, Entry>();

  constructor(
    private readonly clock: ClientClock,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Numbers `request` and starts its timer. With `sent` the caller writes
   * `frame` itself right away; otherwise {@link takeUnsent} hands it out later.
   */
  track(request: ClientRequest, sent = false): TrackedRequest {
    const id = this.nextId++;
    const frame = JSON.stringify({ ...request, id });
    const reply = new Promise<ServerMessage>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.entries.delete(id);
        reject(new RequestTimeoutError(request.op, id, this.timeoutMs));
      }, this.timeoutMs);
      this.entries.set(id, { op: request.op, frame, sent, resolve, reject, timer });
    });
    return { id, frame, reply };
  }

  /** Frames of requests not yet written, oldest first; they count as written from now on. */
  takeUnsent(): string[] {
    const frames: string[] = [];
    for (const entry of this.entries.values()) {
      if (entry.sent) continue;
      entry.sent = true;
      frames.push(entry.frame);
    }
    return frames;
  }

  /**
   * Settles the request `message` answers: an `error` frame rejects it with
   * {@link TickstreamRequestError}, any other reply resolves it. Returns false
   * when no request waits for this id (a late reply after a timeout, or a frame
   * without id).
   */
  settle(message: ServerMessage): boolean {
    const id = 'id' in message ? message.id : undefined;
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry || id === undefined) return false;
    this.finish(id, entry);
    if (message.type === 'error') entry.reject(new TickstreamRequestError(message));
    else entry.resolve(message);
    return true;
  }

  /** Rejects the requests already written: their connection is gone, the reply will never come. */
  failSent(error: Error): void {
    for (const [id, entry] of this.entries) {
      if (!entry.sent) continue;
      this.finish(id, entry);
      entry.reject(error);
    }
  }

  /** Rejects every request, written or not. */
  failAll(error: Error): void {
    for (const [id, entry] of this.entries) {
      this.finish(id, entry);
      entry.reject(error);
    }
  }

  /** Requests waiting for a reply. */
  get size(): number {
    return this.entries.size;
  }

  private finish(id: RequestId, entry: Entry): void {
    this.clock.clearTimeout(entry.timer);
    this.entries.delete(id);
  }
}
