import {
  websocketFrameBytes,
  type CorkableTransport,
  type SessionSocket,
} from './session-socket.js';

/**
 * The byte account of one session's socket: every frame goes out through
 * {@link write}, which counts its wire bytes as unsent until the socket reports
 * them handed to the kernel. The figures are exact UTF-8 bytes plus frame
 * headers, never string lengths: `ws.bufferedAmount` adds string lengths
 * (UTF-16 code units) of text frames to bytes of their headers.
 *
 * It also corks the transport for the rest of the event-loop turn on the first
 * write, so a turn's frames leave in one syscall. It makes no decisions; the
 * session's slow-consumer policy reads its figures.
 */
export class SessionWriter {
  private unsent = 0;
  private peakUnsent = 0;
  /** Wire bytes written while corked in the current turn. */
  private turnBytes = 0;
  private corked = false;

  constructor(
    private readonly socket: SessionSocket,
    /** The socket under `socket`, corked per turn; absent in unit tests. */
    private readonly transport?: CorkableTransport,
  ) {}

  /** Wire bytes written and not yet handed to the kernel: the memory this client holds. */
  get unsentBytes(): number {
    return this.unsent;
  }

  /**
   * Unsent bytes the client has not taken yet: {@link unsentBytes} minus what
   * this turn wrote into the corked transport, which is output in progress,
   * not a sign of a slow reader.
   */
  get backlogBytes(): number {
    return Math.max(0, this.unsent - this.turnBytes);
  }

  /** Wire bytes written while corked in the current turn: output in progress. */
  get currentTurnBytes(): number {
    return this.turnBytes;
  }

  /** The most unsent bytes held since the last call; the next period starts from now. */
  takePeakUnsentBytes(): number {
    const peak = this.peakUnsent;
    this.peakUnsent = this.unsent;
    return peak;
  }

  /**
   * Writes one text frame of `payloadBytes` UTF-8 bytes and accounts for it.
   * Returns its wire bytes. Throws what the socket throws.
   */
  write(text: string, payloadBytes: number): number {
    const bytes = websocketFrameBytes(payloadBytes);
    const written = this.count(bytes);
    try {
      this.socket.send(text, written);
    } catch (error) {
      written();
      throw error;
    }
    return bytes;
  }

  /** Writes a WebSocket ping carrying `payload` (ASCII) and accounts for it. Throws what the socket throws. */
  ping(payload: string): void {
    const written = this.count(websocketFrameBytes(payload.length));
    try {
      this.socket.ping(payload, false, written);
    } catch (error) {
      written();
      throw error;
    }
  }

  /**
   * Counts `bytes` as unsent, corking the turn, before the socket sees them (a
   * socket may report a frame written before returning). Returns the callback
   * that releases them once the socket reports them written.
   */
  private count(bytes: number): () => void {
    this.corkForThisTurn();
    this.unsent += bytes;
    if (this.unsent > this.peakUnsent) this.peakUnsent = this.unsent;
    if (this.corked) this.turnBytes += bytes;
    return () => {
      this.unsent -= bytes;
    };
  }

  /**
   * Corks the transport on the first write of an event-loop turn and uncorks
   * it when the turn's synchronous work is done, so all frames this session
   * writes in a flush pass or a burst of ticks go out in one syscall. Frames
   * and their order are unchanged.
   */
  private corkForThisTurn(): void {
    if (!this.transport || this.corked) return;
    this.corked = true;
    this.transport.cork();
    // Not time but the end of this turn: `nextTick` runs once the current
    // synchronous work (and its microtasks) is done and before the loop polls
    // for I/O, so frames leave before the process waits. A clock timer would
    // hold them past the poll.
    process.nextTick(this.uncork);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.turnBytes = 0;
    this.transport?.uncork();
  };
}
