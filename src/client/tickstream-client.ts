import type { Ticker } from '../market/ticker.js';
import {
  Channel,
  CloseCode,
  Op,
  PROTOCOL_VERSION,
  type ClientRequest,
  type ListRequest,
  type PingRequest,
  type PongMessage,
  type ServerMessage,
  type SubscribedMessage,
  type SubscriptionsMessage,
  type UnsubscribedMessage,
  type WelcomeMessage,
} from '../protocol/index.js';
import { BookKeeper, type OrderBookView } from './book-keeper.js';
import { BookResyncer } from './book-resyncer.js';
import {
  subscribeCall,
  subscriptionParams,
  unsubscribeCall,
  type ChannelSubscription,
  type ChannelUnsubscription,
} from './channel-subscription.js';
import {
  ConnectionClosedError,
  ConnectionLostError,
  TickstreamError,
  TickstreamRequestError,
} from './client-errors.js';
import {
  resolveClientOptions,
  type ResolvedClientOptions,
  type TickstreamClientOptions,
} from './client-options.js';
import {
  REPLY_TYPE,
  type ReplyTo,
  type SubscribeOptions,
  type TickerIteratorOptions,
  type TickstreamClientEvents,
} from './client-events.js';
import { ConnectionSupervisor } from './connection-supervisor.js';
import type { ConnectionState, DisconnectInfo } from './connection-state.js';
import { MarketDataDispatcher } from './market-data-dispatcher.js';
import { RequestTracker } from './request-tracker.js';
import { Resubscriber } from './resubscriber.js';
import { StalenessMonitor } from './staleness-monitor.js';
import { SubscriptionRegistry, type HeldSubscription } from './subscription-registry.js';
import { TickerFilter } from './ticker-filter.js';
import { TickerQueue } from './ticker-queue.js';
import { TradeSequencer } from './trade-sequencer.js';
import { TypedEmitter } from './typed-emitter.js';

/**
 * Client of the tickstream protocol v1, for browsers (native WebSocket) and
 * Node (`ws`). Reconnects with backoff after retryable closes and restores
 * every subscription with its parameters; drops tickers that are not newer than
 * the one held; reports staleness. On the other channels it checks trade
 * continuity and resumes trades after a reconnect (`since`), and keeps a
 * checksum-verified local order book per `book` symbol.
 *
 * ```ts
 * const client = new TickstreamClient({ url, WebSocket });
 * await client.connect();
 * await client.subscribe(['AAPL'], { throttleMs: 250 });
 * for await (const ticker of client.tickers()) console.log(ticker.symbol, ticker.last);
 *
 * await client.subscribe({ channel: 'book', symbols: ['BTC-USD'], depth: 10 });
 * client.on('book', ({ book }) => console.log(book.bids[0], book.asks[0]));
 * ```
 */
export class TickstreamClient extends TypedEmitter<TickstreamClientEvents> {
  private readonly options: ResolvedClientOptions;
  private readonly supervisor: ConnectionSupervisor;
  private readonly requests: RequestTracker;
  private readonly subscriptions = new SubscriptionRegistry();
  private readonly filter = new TickerFilter();
  private readonly trades = new TradeSequencer();
  private readonly books = new BookKeeper();
  private readonly staleness: StalenessMonitor;
  private readonly resubscriber: Resubscriber;
  private readonly resyncer: BookResyncer;
  private readonly dispatcher: MarketDataDispatcher;
  private readonly queues = new Set<TickerQueue>();
  private connectWaiters: Array<{
    resolve: (welcome: WelcomeMessage) => void;
    reject: (error: Error) => void;
  }> = [];
  private currentWelcome: WelcomeMessage | undefined;

  constructor(options: TickstreamClientOptions) {
    super();
    this.options = resolveClientOptions(options);
    this.requests = new RequestTracker(this.options.clock, this.options.requestTimeoutMs);
    this.staleness = new StalenessMonitor(this.options.clock, (stale, silentMs) =>
      this.emit(stale ? 'stale' : 'fresh', { silentMs }),
    );
    this.supervisor = new ConnectionSupervisor(this.options, {
      state: (state) => this.emit('state', state),
      message: (message) => this.receive(message),
      malformed: (reason) => this.emit('error', new TickstreamError(`malformed frame: ${reason}`)),
      disconnected: (info) => this.onDisconnected(info),
      gaveUp: (error) => this.onGaveUp(error),
    });
    this.resubscriber = new Resubscriber(this.subscriptions, this.requests, {
      send: (frame) => this.supervisor.send(frame),
      error: (error) => this.emit('error', error),
    });
    this.resyncer = new BookResyncer(
      this.books,
      this.subscriptions,
      this.options.clock,
      this.options.backoff,
      this.options.random,
      {
        request: (request) => this.request(request),
        error: (error) => this.emit('error', error),
      },
    );
    this.dispatcher = new MarketDataDispatcher(
      (event, payload) => this.emit(event, payload),
      this.filter,
      this.trades,
      this.books,
      this.resyncer,
    );
  }

  get state(): ConnectionState {
    return this.supervisor.state;
  }

  /** True while no frame has arrived for 2 × `heartbeatMs`. */
  get stale(): boolean {
    return this.staleness.stale;
  }

  /** The current connection's `welcome` (session id, limits, heartbeat), once open. */
  get welcome(): WelcomeMessage | undefined {
    return this.currentWelcome;
  }

  /** Held `ticker` subscriptions: symbol → the throttle asked for (`undefined`: the server's floor). */
  get subscribed(): ReadonlyMap<string, number | undefined> {
    return this.subscriptions.tickerThrottles();
  }

  /** Every held subscription of every channel, with the parameters asked for. */
  held(): HeldSubscription[] {
    return this.subscriptions.all();
  }

  /** The newest ticker received for `symbol`. */
  latest(symbol: string): Ticker | undefined {
    return this.filter.latest(symbol);
  }

  /** A copy of the local order book of `symbol`, while a `book` subscription holds it. */
  book(symbol: string): OrderBookView | undefined {
    return this.books.view(symbol);
  }

  /** `seq` of the last trade received for `symbol`: where a reconnect resumes. */
  lastTradeSeq(symbol: string): number | undefined {
    return this.trades.lastSeq(symbol);
  }

  /**
   * Connects, retrying retryable failures with backoff. Resolves with the
   * first `welcome`; rejects with {@link ConnectionClosedError} when the client
   * gives up (refused upgrade, non-retryable close) or {@link close} is called first.
   */
  connect(): Promise<WelcomeMessage> {
    if (this.state === 'open' && this.currentWelcome) return Promise.resolve(this.currentWelcome);
    const welcome = new Promise<WelcomeMessage>((resolve, reject) =>
      this.connectWaiters.push({ resolve, reject }),
    );
    this.supervisor.start();
    return welcome;
  }

  /**
   * Subscribes to `symbols` of the `ticker` channel (all or nothing). Resolves
   * with the `subscribed` ack; rejects with {@link TickstreamRequestError} on an
   * `error` reply. The symbols are restored with the same throttle after every
   * reconnect.
   */
  subscribe(symbols: readonly string[], options?: SubscribeOptions): Promise<SubscribedMessage>;
  /**
   * Subscribes to a channel's symbols (all or nothing), e.g.
   * `{ channel: 'candles', symbols: ['AAPL'], interval: '1m' }`. Data arrives as
   * the channel's events (`ticker`, `trade`, `candle`, `book`). Restored with the
   * same parameters after every reconnect; trades resume after the last `seq` seen.
   */
  subscribe(subscription: ChannelSubscription): Promise<SubscribedMessage>;
  async subscribe(
    target: readonly string[] | ChannelSubscription,
    options: SubscribeOptions = {},
  ): Promise<SubscribedMessage> {
    const { subscription, request } = subscribeCall(target, options);
    if (subscription.channel === Channel.TRADES && subscription.since) {
      for (const [symbol, seq] of Object.entries(subscription.since)) {
        this.trades.resumeFrom(symbol, seq);
      }
    }
    const reply = await this.request(request);
    this.subscriptions.add(subscriptionParams(subscription), reply.symbols);
    return reply;
  }

  /** Unsubscribes `ticker` symbols (idempotent); they are no longer restored after a reconnect. */
  unsubscribe(symbols: readonly string[]): Promise<UnsubscribedMessage>;
  /**
   * Unsubscribes a channel's symbols (idempotent); for candles without `interval`,
   * every interval of them. A dropped book is forgotten at once.
   */
  unsubscribe(unsubscription: ChannelUnsubscription): Promise<UnsubscribedMessage>;
  async unsubscribe(
    target: readonly string[] | ChannelUnsubscription,
  ): Promise<UnsubscribedMessage> {
    const { unsubscription, request } = unsubscribeCall(target);
    // Now, not on the reply: a book resync in flight must not subscribe it again.
    if (unsubscription.channel === Channel.BOOK) this.books.release(request.symbols);
    const reply = await this.request(request);
    this.subscriptions.remove(unsubscription.channel, reply.symbols, unsubscription.interval);
    return reply;
  }

  /** The server's view of this connection's subscriptions. */
  list(): Promise<SubscriptionsMessage> {
    return this.request<ListRequest>({ op: Op.LIST });
  }

  /** Round trip to the server. */
  ping(): Promise<PongMessage> {
    return this.request<PingRequest>({ op: Op.PING });
  }

  /**
   * An async iterator of accepted tickers over a bounded buffer (the oldest
   * are dropped when the consumer falls behind). Ends when the client closes
   * or gives up.
   */
  tickers(options: TickerIteratorOptions = {}): TickerQueue {
    const only = options.symbols ? new Set(options.symbols) : undefined;
    const capacity = options.bufferSize ?? this.options.tickerBufferSize;
    const queue = new TickerQueue(capacity, (q) => {
      this.queues.delete(q);
      off();
    });
    const off = this.on('ticker', (ticker) => {
      if (!only || only.has(ticker.symbol)) queue.push(ticker);
    });
    this.queues.add(queue);
    return queue;
  }

  /** Closes the connection with 1000 and stops reconnecting. Pending requests reject. */
  async close(): Promise<void> {
    const closing = this.supervisor.stop();
    this.shutDown(new ConnectionLostError('the client was closed'));
    await closing;
  }

  private request<R extends ClientRequest>(request: R): Promise<ReplyTo<R>> {
    if (this.state === 'closed') {
      return Promise.reject(new ConnectionLostError('not connected: call connect() first'));
    }
    const { reply } = this.requests.track(request);
    this.flush();
    const expected = REPLY_TYPE[request.op];
    return reply.then((message) => {
      if (message.type !== expected) {
        throw new TickstreamError(
          `expected "${expected}" in reply to ${request.op}, got "${message.type}"`,
        );
      }
      return message as ReplyTo<R>;
    });
  }

  /** Writes the requests made while the connection was not usable, in order. */
  private flush(): void {
    if (this.state !== 'open') return;
    for (const frame of this.requests.takeUnsent()) this.supervisor.send(frame);
  }

  private receive(message: ServerMessage): void {
    this.staleness.frame();
    switch (message.type) {
      case 'welcome':
        this.onWelcome(message);
        return;
      case 'snapshot':
      case 'update':
        this.dispatcher.frame(message);
        return;
      case 'heartbeat':
        return;
      case 'warning':
        this.emit('warning', message);
        return;
      default:
        // Before the request settles, so a book knows its depth before its snapshot.
        if (message.type === 'subscribed' || message.type === 'unsubscribed') {
          this.dispatcher.reply(message);
        }
        if (!this.requests.settle(message) && message.type === 'error') {
          this.emit('error', new TickstreamRequestError(message));
        }
    }
  }

  private onWelcome(welcome: WelcomeMessage): void {
    if (welcome.protocol !== PROTOCOL_VERSION) {
      this.supervisor.giveUp(
        new ConnectionClosedError(
          `the server speaks protocol ${String(welcome.protocol)}, not ${PROTOCOL_VERSION}`,
        ),
      );
      return;
    }
    this.currentWelcome = welcome;
    this.filter.startSession(welcome.sessionId);
    this.staleness.start(welcome.heartbeatMs);
    // Restore subscriptions before anything the user queued meanwhile (e.g. an unsubscribe).
    this.resubscriber.restore(welcome.limits.maxMessageBytes, (symbol) =>
      this.trades.lastSeq(symbol),
    );
    this.supervisor.markOpen();
    this.flush();
    this.emit('welcome', welcome);
    for (const waiter of this.connectWaiters.splice(0)) waiter.resolve(welcome);
  }

  private onDisconnected(info: DisconnectInfo): void {
    this.currentWelcome = undefined;
    this.books.disconnected();
    this.resyncer.disconnected();
    this.requests.failSent(new ConnectionLostError(`connection closed (${info.code})`));
    this.emit('disconnect', info);
  }

  private onGaveUp(error: ConnectionClosedError): void {
    this.shutDown(error);
    if (error.closeCode !== CloseCode.NORMAL) this.emit('error', error);
  }

  private shutDown(error: Error): void {
    this.currentWelcome = undefined;
    this.resyncer.disconnected();
    this.staleness.stop();
    this.requests.failAll(error);
    for (const waiter of this.connectWaiters.splice(0)) waiter.reject(error);
    for (const queue of [...this.queues]) queue.end();
  }
}
