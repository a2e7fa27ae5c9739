import type { ServerMessage } from '../protocol/index.js';
import { refusedUpgradeStatus } from './close-policy.js';
import {
  SOCKET_OPEN,
  type CloseEventLike,
  type ErrorEventLike,
  type MessageEventLike,
  type WebSocketConstructorLike,
  type WebSocketLike,
} from './websocket-like.js';

/** How one socket ended. */
export interface SocketClosed {
  readonly code: number;
  readonly reason: string;
  /** HTTP status of a refused upgrade, when the runtime reports it. */
  readonly httpStatus?: number;
  /** Whether the socket opened before it closed. */
  readonly opened: boolean;
}

/** What a {@link SocketConnection} reports to its owner. */
export interface SocketHandlers {
  message(message: ServerMessage): void;
  /** A frame that is not a JSON object with a string `type`. */
  malformed(reason: string): void;
  closed(closed: SocketClosed): void;
}

const decoder = new TextDecoder();

/**
 * One WebSocket connection attempt: opens the socket, parses frames into
 * protocol messages and reports exactly one `closed`. Events after
 * {@link detach} are ignored, so a replaced socket never talks to its owner.
 */
export class SocketConnection {
  private httpStatus: number | undefined;
  private opened = false;
  private attached = true;
  private readonly socket: WebSocketLike;
  /** Settles when the socket has closed (or was detached). */
  readonly done: Promise<void>;
  private markDone!: () => void;

  /** Throws when the URL is not a valid WebSocket URL. */
  constructor(
    WebSocketClass: WebSocketConstructorLike,
    url: string,
    private readonly handlers: SocketHandlers,
  ) {
    this.done = new Promise((resolve) => (this.markDone = resolve));
    this.socket = new WebSocketClass(url);
    this.socket.onopen = () => (this.opened = true);
    this.socket.onmessage = (event: MessageEventLike) => this.receive(event.data);
    this.socket.onerror = (event: ErrorEventLike) => {
      this.httpStatus ??= refusedUpgradeStatus(event.message);
    };
    this.socket.onclose = (event: CloseEventLike) => {
      this.markDone();
      if (!this.attached) return;
      this.attached = false;
      this.handlers.closed({
        code: event.code,
        reason: event.reason,
        opened: this.opened,
        ...(this.httpStatus === undefined ? {} : { httpStatus: this.httpStatus }),
      });
    };
  }

  get isOpen(): boolean {
    return this.socket.readyState === SOCKET_OPEN;
  }

  /** Writes a text frame; false when the socket is not open. */
  send(frame: string): boolean {
    if (!this.isOpen) return false;
    this.socket.send(frame);
    return true;
  }

  /** Stops reporting to the owner, then closes the socket. */
  detach(code: number, reason: string): void {
    this.attached = false;
    try {
      this.socket.close(code, reason);
    } catch {
      // Closing a socket that is still connecting throws in some runtimes; it is gone either way.
      this.markDone();
    }
  }

  private receive(data: unknown): void {
    if (!this.attached) return;
    const text = decodeText(data);
    if (text === undefined) {
      this.handlers.malformed('binary frame');
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.handlers.malformed('frame is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null || !('type' in message)) {
      this.handlers.malformed('frame has no type');
      return;
    }
    this.handlers.message(message as ServerMessage);
  }
}

/** The text of a frame: a string, or UTF-8 bytes from runtimes that hand over buffers. */
function decodeText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
    return decoder.decode(data as ArrayBuffer);
  return undefined;
}
