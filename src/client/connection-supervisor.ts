import { CloseCode, type ServerMessage } from '../protocol/index.js';
import { backoffDelay } from './backoff.js';
import { ConnectionClosedError } from './client-errors.js';
import type { ResolvedClientOptions } from './client-options.js';
import { isRetryableClose, isRetryableRefusal } from './close-policy.js';
import type { ConnectionState, DisconnectInfo } from './connection-state.js';
import { SocketConnection, type SocketClosed } from './socket-connection.js';

/** What the supervisor reports to the client. */
export interface SupervisorEvents {
  state(state: ConnectionState): void;
  message(message: ServerMessage): void;
  malformed(reason: string): void;
  disconnected(info: DisconnectInfo): void;
  /** The supervisor stopped trying; `state` is `closed`. */
  gaveUp(error: ConnectionClosedError): void;
}

/** How long `stop()` waits for the close handshake, ms. */
const STOP_WAIT_MS = 2000;

/**
 * Keeps one connection up: opens sockets, and when one ends decides from the
 * close code (or the HTTP status of a refused upgrade) whether to try again
 * after a jittered exponential backoff or to give up.
 */
export class ConnectionSupervisor {
  private current: SocketConnection | undefined;
  private currentState: ConnectionState = 'closed';
  private wanted = false;
  private attempt = 0;
  private retryTimer: unknown;
  /** When the current connection became usable (welcome), for the backoff reset. */
  private openedAt: number | undefined;

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly events: SupervisorEvents,
  ) {}

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Starts connecting, unless already connected or trying. */
  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    this.setState('connecting');
    this.open();
  }

  /** The server's `welcome` arrived: the connection is usable. */
  markOpen(): void {
    this.openedAt = this.options.clock.now();
    this.setState('open');
  }

  /** Writes a frame on the open connection; false when there is none. */
  send(frame: string): boolean {
    return this.current?.send(frame) ?? false;
  }

  /** Closes with 1000 and stops reconnecting; resolves once the socket has closed (bounded wait). */
  async stop(): Promise<void> {
    this.wanted = false;
    this.cancelRetry();
    const connection = this.current;
    this.current = undefined;
    this.setState('closed');
    if (!connection) return;
    connection.detach(CloseCode.NORMAL, 'client closed');
    let timer: unknown;
    await Promise.race([
      connection.done,
      new Promise<void>(
        (resolve) => (timer = this.options.clock.setTimeout(resolve, STOP_WAIT_MS)),
      ),
    ]);
    this.options.clock.clearTimeout(timer);
  }

  /** Closes the current socket and stops for good (e.g. the server speaks another protocol version). */
  giveUp(error: ConnectionClosedError): void {
    this.current?.detach(CloseCode.NORMAL, error.message);
    this.current = undefined;
    this.finish(error);
  }

  private open(): void {
    this.retryTimer = undefined;
    this.openedAt = undefined;
    try {
      this.current = new SocketConnection(this.options.WebSocket, this.options.url, {
        message: (message) => this.events.message(message),
        malformed: (reason) => this.events.malformed(reason),
        closed: (closed) => this.onClosed(closed),
      });
    } catch (error) {
      this.finish(
        new ConnectionClosedError(
          `cannot open a WebSocket to ${redact(this.options.url)}: ${String(error)}`,
          CloseCode.ABNORMAL,
        ),
      );
    }
  }

  private onClosed(closed: SocketClosed): void {
    this.current = undefined;
    if (!this.wanted) return;
    const { clock, backoff } = this.options;
    if (this.openedAt !== undefined && clock.now() - this.openedAt >= backoff.resetAfterMs) {
      this.attempt = 0;
    }
    const retryable =
      closed.httpStatus === undefined
        ? isRetryableClose(closed.code)
        : isRetryableRefusal(closed.httpStatus);
    const status = closed.httpStatus === undefined ? {} : { httpStatus: closed.httpStatus };
    if (!retryable || this.attempt >= backoff.maxAttempts) {
      const why =
        closed.httpStatus !== undefined
          ? `the server refused the upgrade with HTTP ${closed.httpStatus}`
          : retryable
            ? `gave up after ${this.attempt} reconnect attempts (last close ${closed.code})`
            : `the server closed the connection with ${closed.code}${closed.reason ? ` (${closed.reason})` : ''}`;
      this.events.disconnected({
        code: closed.code,
        reason: closed.reason,
        ...status,
        willReconnect: false,
      });
      this.finish(new ConnectionClosedError(why, closed.code, closed.httpStatus));
      return;
    }
    const delayMs = backoffDelay(this.attempt++, backoff, this.options.random);
    this.setState('reconnecting');
    this.events.disconnected({
      code: closed.code,
      reason: closed.reason,
      ...status,
      willReconnect: true,
      delayMs,
    });
    this.retryTimer = clock.setTimeout(() => this.open(), delayMs);
  }

  private finish(error: ConnectionClosedError): void {
    this.wanted = false;
    this.cancelRetry();
    this.setState('closed');
    this.events.gaveUp(error);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.events.state(state);
  }
}

/** The URL without its query string, which may hold a token. */
function redact(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?…`;
}
