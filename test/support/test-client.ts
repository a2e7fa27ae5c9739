import { WebSocket, type ClientOptions } from 'ws';
import type { ServerMessage, ServerMessageType } from '../../src/protocol/messages.js';

/** Default wait for an expected frame, in ms. */
export const FRAME_TIMEOUT_MS = 5000;

type MessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

interface Waiter {
  predicate: (message: ServerMessage) => boolean;
  resolve: (message: ServerMessage) => void;
}

/**
 * A protocol client for tests over a real socket. Every received frame is kept
 * (`received`), and tests wait on events (`next`, `closed`) with timeouts,
 * never on fixed sleeps.
 */
export class TestClient {
  readonly received: ServerMessage[] = [];
  /** Arrival time of each received frame, epoch ms. */
  readonly receivedAt: number[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<Waiter>();
  private cursor = 0;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.received.push(message);
      this.receivedAt.push(Date.now());
      for (const waiter of this.waiters) {
        if (waiter.predicate(message)) {
          this.waiters.delete(waiter);
          waiter.resolve(message);
        }
      }
    });
  }

  /** Connects and waits for `welcome`. */
  static async connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.next('welcome');
    return client;
  }

  send(request: unknown): void {
    this.socket.send(typeof request === 'string' ? request : JSON.stringify(request));
  }

  /**
   * The next not-yet-consumed frame of `type` (optionally matching `where`),
   * already received or still to come. Frames before it are skipped.
   */
  async next<T extends ServerMessageType>(
    type: T,
    where: (message: MessageOf<T>) => boolean = () => true,
    timeoutMs = FRAME_TIMEOUT_MS,
  ): Promise<MessageOf<T>> {
    const matches = (m: ServerMessage): m is MessageOf<T> =>
      m.type === type && where(m as MessageOf<T>);
    for (; this.cursor < this.received.length; this.cursor++) {
      const message = this.received[this.cursor]!;
      if (matches(message)) {
        this.cursor++;
        return message;
      }
    }
    const message = await this.waitFor(matches, timeoutMs, `a "${type}" frame`);
    this.cursor = this.received.lastIndexOf(message) + 1;
    return message as MessageOf<T>;
  }

  /** Sends a request and returns the reply carrying its id (any type, including `error`). */
  async request(
    request: { id: string | number } & Record<string, unknown>,
  ): Promise<ServerMessage> {
    this.send(request);
    const hasId = (m: ServerMessage): boolean => 'id' in m && m.id === request.id;
    const already = this.received.find(hasId);
    return already ?? this.waitFor(hasId, FRAME_TIMEOUT_MS, `a reply to id ${String(request.id)}`);
  }

  /** Waits until `predicate` holds for some received frame (counting frames already received). */
  async until(
    predicate: (message: ServerMessage) => boolean,
    timeoutMs = FRAME_TIMEOUT_MS,
  ): Promise<ServerMessage> {
    const already = this.received.find(predicate);
    return already ?? this.waitFor(predicate, timeoutMs, 'a matching frame');
  }

  /** Tickers received in `update` frames, in order. */
  updates(): Array<{ symbol: string; seq: number; ts: number; last: number }> {
    return this.received.flatMap((m) =>
      m.type === 'update' && m.channel === 'ticker' ? m.data : [],
    );
  }

  close(): void {
    this.socket.close(1000);
  }

  private waitFor(
    predicate: (m: ServerMessage) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
