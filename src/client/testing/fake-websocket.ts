import { Channel, type ClientRequest, type ServerMessage } from '../../protocol/index.js';
import type { WebSocketLike } from '../websocket-like.js';

type Handler = ((event: never) => void) | null;

/**
 * A WebSocket double for unit tests of the client: every instance is kept in
 * {@link FakeWebSocket.instances}; the test plays the server (`accept`,
 * `deliver`, `drop`, `refuse`) and reads what the client sent.
 */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  readonly sent: string[] = [];
  closedByClient: { code?: number; reason?: string } | undefined;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static reset(): void {
    FakeWebSocket.instances = [];
  }

  /** The newest socket. */
  static get last(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = 3;
    queueMicrotask(() => this.fire(this.onclose, { code: code ?? 1005, reason: reason ?? '' }));
  }

  /** Requests the client sent, parsed. */
  requests(): Array<ClientRequest & { id: number }> {
    return this.sent.map((frame) => JSON.parse(frame) as ClientRequest & { id: number });
  }

  /** Completes the upgrade and sends `welcome`, announcing `channels`. */
  accept(
    sessionId = 'session-1',
    heartbeatMs = 1000,
    channels: Channel[] = [Channel.TICKER],
  ): void {
    this.readyState = 1;
    this.fire(this.onopen, {});
    this.deliver({
      type: 'welcome',
      protocol: 1,
      sessionId,
      serverTime: 0,
      limits: {
        maxSymbols: 500,
        minThrottleMs: 0,
        maxMessageBytes: 16384,
        maxRequestsPerSecond: 20,
      },
      heartbeatMs,
      channels,
    });
  }

  deliver(message: ServerMessage | string): void {
    this.fire(this.onmessage, {
      data: typeof message === 'string' ? message : JSON.stringify(message),
    });
  }

  /** Replies to the last request with op `op`, echoing its id. */
  reply(op: ClientRequest['op'], reply: Record<string, unknown>): void {
    const request = this.requests()
      .filter((r) => r.op === op)
      .at(-1);
    if (!request) throw new Error(`no ${op} request was sent`);
    this.deliver({ ...reply, id: request.id } as unknown as ServerMessage);
  }

  /** The server closes the connection (or it drops: 1006). */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.fire(this.onclose, { code, reason });
  }

  /** The upgrade is refused with HTTP `status`, reported as `ws` does. */
  refuse(status: number): void {
    this.readyState = 3;
    this.fire(this.onerror, { message: `Unexpected server response: ${status}` });
    this.fire(this.onclose, { code: 1006, reason: '' });
  }

  private fire(handler: Handler, event: object): void {
    (handler as ((event: object) => void) | null)?.(event);
  }
}
