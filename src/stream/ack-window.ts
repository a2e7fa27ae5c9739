/** Acknowledgement pings per window: one after each quarter of it is written. */
export const ACK_PINGS_PER_WINDOW = 4;

/** Longest ping payload accepted back in a pong (a decimal sequence number), in characters. */
const MAX_SEQ_DIGITS = 15;

interface SentPing {
  readonly seq: number;
  /** Bytes written to the client before this ping. */
  readonly writtenBytes: number;
}

/**
 * Bytes written to one client that it has not yet confirmed reading. The
 * kernel accepts megabytes per socket before the process's own buffer moves,
 * so unsent bytes alone notice a stalled reader late; this counts what the
 * client has not read.
 *
 * A WebSocket peer answers a ping only once it has read everything written
 * before it, so the pong to a ping carrying sequence `n` acknowledges every
 * byte written before ping `n` (and before any earlier ping): acknowledgements
 * are cumulative, and a lost or skipped pong costs nothing once a later one
 * arrives. A ping is due after each `chunkBytes` written; the keep-alive ping
 * is one of these pings too.
 *
 * Pure accounting: the session writes the pings and feeds back the pongs.
 */
export class AckWindow {
  private writtenBytes = 0;
  private acknowledgedBytes = 0;
  /** Bytes written before the latest ping. */
  private markedBytes = 0;
  private nextSeq = 1;
  /** Pings not yet answered, oldest first; bounded because writing stops past the window. */
  private readonly unanswered: SentPing[] = [];

  /** @param chunkBytes bytes written between two acknowledgement pings. */
  constructor(private readonly chunkBytes: number) {}

  /** Bytes written and not yet acknowledged. */
  get unacknowledgedBytes(): number {
    return this.writtenBytes - this.acknowledgedBytes;
  }

  /** True when a chunk has been written since the latest ping. */
  get pingDue(): boolean {
    return this.writtenBytes - this.markedBytes >= this.chunkBytes;
  }

  /** Counts `bytes` written to the client. */
  recordWritten(bytes: number): void {
    this.writtenBytes += bytes;
  }

  /** Registers a ping that marks everything written so far; returns its payload. */
  markPing(): string {
    const seq = this.nextSeq++;
    this.unanswered.push({ seq, writtenBytes: this.writtenBytes });
    this.markedBytes = this.writtenBytes;
    return String(seq);
  }

  /**
   * A pong echoing `payload`: acknowledges the bytes written before that ping.
   * A payload that names no unanswered ping (an unsolicited pong, or one
   * answered already) acknowledges nothing.
   */
  acknowledge(payload: string): void {
    if (payload.length === 0 || payload.length > MAX_SEQ_DIGITS) return;
    const seq = Number(payload);
    if (!Number.isSafeInteger(seq) || String(seq) !== payload) return;
    const index = this.unanswered.findIndex((ping) => ping.seq === seq);
    if (index < 0) return;
    this.acknowledgedBytes = this.unanswered[index]!.writtenBytes;
    // Earlier pings are answered by this one: their bytes came before it.
    this.unanswered.splice(0, index + 1);
  }
}
