import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type Consumer, type EachBatchPayload } from 'kafkajs';
import { BehaviorSubject, Subject, distinctUntilChanged } from 'rxjs';
import type { BookRecord } from '../../market/book-level.js';
import type { MarketFeed } from '../../market/market-feed.js';
import type { Trade } from '../../market/trade.js';
import type { KafkaConfig } from '../../config/app-config.js';
import type { RawTick } from '../../market/tick.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { RateLimitedLogger } from '../../shared/rate-limited-logger.js';
import { IngestStats } from '../ingest-stats.js';
import type { TickSource } from '../tick-source.js';
import { registerCompressionCodecs } from './compression-codecs.js';
import { ConsumerSupervisor } from './consumer-supervisor.js';
import { LoopDelayMonitor } from './loop-delay-monitor.js';
import { FeedRouter, type MarketEvent } from './feed-router.js';
import { DRAIN_SLICE, IngestQueue } from './ingest-queue.js';
import { undecodableBatchError } from './undecodable-batch.js';
import { CatchUpTracker, MissingTopicsError, partitionKey, planWarmStart } from './warm-start.js';

/** Longest wait of one fetch when there is nothing new, in ms: bounds update latency and staleness detection. */
const FETCH_MAX_WAIT_MS = 250;
/**
 * How often the group's offsets are committed, in ms. kafkajs's auto-commit
 * commits after every batch, whatever its interval says: a request to the
 * broker per fetch, awaited before the partition's next fetch, for offsets
 * that matter only when a crashed consumer is replaced — and a replacement's
 * redelivered records are dropped as duplicates anyway. So offsets are
 * committed by the batch handler, at most this often.
 */
const COMMIT_INTERVAL_MS = 1000;
/** How often readiness is re-evaluated, in ms. */
const READINESS_CHECK_MS = 1000;

type PauseReason = 'queue' | 'event-loop';

/**
 * Market data from Kafka (key = symbol, value = JSON; docs/kafka.md): ticks, and
 * trades and book records when their topics are configured, all read by one
 * consumer and routed by topic ({@link FeedRouter}).
 *
 * - Every instance reads every partition (a group of its own by default).
 * - Everything below holds for every topic of every feed.
 * - Warm start: the group's offsets are set to the last N records of each
 *   partition before it joins, and the source is not ready until it has read
 *   up to the high watermarks seen at start.
 * - Backpressure: a bounded queue between fetches and the pipeline, and the
 *   event-loop delay, pause the partitions; they resume when drained.
 * - A bad record is counted and skipped, never fatal; a redelivered one
 *   (offset already applied) is dropped so volumes are not counted twice.
 *   So is every record of a batch no codec can decompress.
 * - A crashed consumer is replaced with backoff ({@link ConsumerSupervisor});
 *   the source is not ready while none is fetching.
 */
export class KafkaTickSource implements TickSource {
  readonly name = 'kafka';
  readonly feeds: readonly MarketFeed[];
  readonly stats = new IngestStats();
  private readonly logger = new Logger(KafkaTickSource.name);
  private readonly badRecords: RateLimitedLogger;
  private readonly ticks = new Subject<RawTick>();
  /** Symbols seen on the trade or book topics (ticked ones are in the ticker book). */
  private readonly seenOnOtherFeeds = new Set<string>();
  private readonly trades = new Subject<Trade>();
  private readonly bookRecords = new Subject<BookRecord>();
  private readonly ready = new BehaviorSubject(false);
  readonly ticks$ = this.ticks.asObservable();
  readonly trades$ = this.trades.asObservable();
  readonly bookRecords$ = this.bookRecords.asObservable();
  readonly ready$ = this.ready.pipe(distinctUntilChanged());

  private readonly kafka: Kafka;
  private readonly supervisor: ConsumerSupervisor;
  /** The running consumer; undefined while starting or crashed. */
  private consumer: Consumer | undefined;
  private readonly router: FeedRouter;
  /** Every consumed topic, of every feed. */
  private readonly topics: readonly string[];
  private tracker = new CatchUpTracker(new Map());
  private readonly queue: IngestQueue<MarketEvent>;
  private readonly loopMonitor: LoopDelayMonitor;
  private readonly pauseReasons = new Set<PauseReason>();
  private warm = false;
  /** A consumer has fetched since the last crash. */
  private consumerUp = false;
  private lastFetchAt = 0;
  private readinessTimer: NodeJS.Timeout | undefined;
  private warmed: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly config: KafkaConfig,
    private readonly clock: Clock = systemClock,
  ) {
    registerCompressionCodecs();
    this.router = new FeedRouter(config);
    this.feeds = this.router.feeds;
    this.topics = this.router.topics;
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: [...config.brokers],
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 8 },
    });
    this.badRecords = new RateLimitedLogger(this.logger, clock);
    this.supervisor = new ConsumerSupervisor((crashed) => this.launchConsumer(crashed), clock, {
      crashed: (error, restartInMs) =>
        this.logger.error(`consumer crashed, restarting in ${restartInMs} ms: ${error.message}`),
      restarted: () => {
        this.stats.consumerRestarts++;
        this.logger.log('consumer restarted');
      },
    });
    this.queue = new IngestQueue<MarketEvent>(
      config.maxQueue,
      (event) => this.dispatch(event),
      (full) => this.setPaused('queue', full),
      () => this.onDrained(),
    );
    // A slow loop is a reason to pause only while decoded records are piling up:
    // pausing sheds nothing for unthrottled subscribers, it only delays work.
    this.loopMonitor = new LoopDelayMonitor(config.maxLoopDelayMs, (behind) =>
      this.setPaused('event-loop', behind && this.queue.depth >= DRAIN_SLICE),
    );
  }

  /**
   * Kafka has no reference data: a symbol exists once it has ticked (the ticker book knows
   * those), traded or had a book record — a symbol quoted only on the book topic is still
   * one a client may subscribe to there.
   */
  isListed(symbol: string): boolean {
    return this.seenOnOtherFeeds.has(symbol);
  }

  /** Connects, plans the warm start and waits (bounded) until it is done. */
  async start(): Promise<void> {
    const warmedUp = new Promise<void>((resolve) => (this.warmed = resolve));
    this.readinessTimer = setInterval(() => this.evaluateReadiness(), READINESS_CHECK_MS);
    this.readinessTimer.unref();
    this.loopMonitor.start();
    void this.run();
    const timeout = new Promise<void>((resolve) =>
      setTimeout(resolve, this.config.warmStartTimeoutMs).unref(),
    );
    await Promise.race([warmedUp, timeout]);
    if (!this.warm)
      this.logger.warn(
        `warm start not finished after ${this.config.warmStartTimeoutMs} ms; not ready yet`,
      );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.readinessTimer);
    this.loopMonitor.stop();
    this.queue.clear();
    this.ready.next(false);
    await this.supervisor
      .stop()
      .catch((error: unknown) => this.logger.warn(`disconnect: ${String(error)}`));
  }

  /** Plans the warm start and starts consuming, retrying until the brokers answer. */
  private async run(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.connectAndConsume();
        return;
      } catch (error) {
        this.logger.warn(
          error instanceof MissingTopicsError
            ? `waiting for ${error.message}; an empty KAFKA_TRADE_TOPICS or KAFKA_BOOK_TOPICS turns that feed off (attempt ${attempt})`
            : `Kafka not available (attempt ${attempt}): ${String(error)}`,
        );
        // Unref'd: a retry pending after stop() must not hold the process open.
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(5000, 250 * 2 ** attempt)).unref(),
        );
      }
    }
  }

  private async connectAndConsume(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const plan = await planWarmStart(admin, this.topics, this.config.warmStartRecords);
      this.tracker = new CatchUpTracker(plan.targets);
      for (const { topic, partitions } of plan.starts) {
        await admin.setOffsets({ groupId: this.config.groupId, topic, partitions });
      }
    } finally {
      await admin.disconnect();
    }
    await this.supervisor.start();
    this.logger.log(`consuming ${this.topics.join(', ')} as group ${this.config.groupId}`);
    this.onDrained();
  }

  /**
   * One consumer of the group. A replacement after a crash resumes from the
   * group's committed offsets (the warm start is planned once); records
   * redelivered from before the crash are dropped as duplicates.
   */
  private async launchConsumer(crashed: (error: Error) => void): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: this.config.groupId,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      retry: {
        initialRetryTime: 300,
        maxRetryTime: 5000,
        retries: 8,
        // Every crash goes to the supervisor: kafkajs would restart only after retriable ones.
        restartOnFailure: async () => false,
      },
    });
    consumer.on(consumer.events.FETCH, () => {
      this.lastFetchAt = this.clock.now();
      this.consumerUp = true;
      this.supervisor.healthy();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.consumer === consumer) this.consumer = undefined;
      this.consumerUp = false;
      this.evaluateReadiness();
      crashed(payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        autoCommitInterval: COMMIT_INTERVAL_MS,
        eachBatch: (payload) => this.onBatch(payload),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    this.consumer = consumer;
    // A replacement starts unpaused: carry over a pause still in force.
    if (this.stats.paused) consumer.pause(this.topics.map((topic) => ({ topic })));
    return consumer;
  }

  private async onBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const key = partitionKey(batch.topic, batch.partition);
    const now = this.clock.now();
    const decoded: MarketEvent[] = [];
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const offset = Number(message.offset);
      this.stats.recordsReceived++;
      const undecodable = undecodableBatchError(message);
      if (offset <= this.tracker.lastOffset(key)) {
        this.stats.reject('duplicate');
      } else if (undecodable !== undefined) {
        this.stats.reject('codec');
        this.badRecords.warn('codec', `skipped undecodable batch ${key}@${offset}: ${undecodable}`);
        this.tracker.consumedUpTo(key, offset);
      } else {
        const result = this.router.decode(batch.topic, message.key, message.value, now);
        if (result.ok) decoded.push(result);
        else {
          this.stats.reject(result.reason);
          this.badRecords.warn(
            `${batch.topic}:${result.reason}`,
            `skipped record ${key}@${offset}: ${result.detail}`,
          );
        }
        this.tracker.consumedUpTo(key, offset);
      }
      resolveOffset(message.offset);
    }
    this.stats.lag.set(key, Number(batch.offsetLag()));
    this.queue.push(decoded);
    this.stats.queueDepth = this.queue.depth;
    await commitOffsetsIfNecessary();
    await heartbeat();
  }

  /** Hands a decoded record to its feed's stream. */
  private dispatch(event: MarketEvent): void {
    switch (event.feed) {
      case 'ticks':
        return this.ticks.next(event.tick);
      case 'trades':
        this.seenOnOtherFeeds.add(event.trade.symbol);
        return this.trades.next(event.trade);
      case 'book':
        this.seenOnOtherFeeds.add(event.record.symbol);
        return this.bookRecords.next(event.record);
    }
  }

  private onDrained(): void {
    this.stats.queueDepth = this.queue.depth;
    if (!this.warm && this.tracker.caughtUp && this.consumer) {
      this.warm = true;
      this.logger.log('warm start complete');
      this.warmed?.();
    }
    this.evaluateReadiness();
  }

  /** Pause state is the source's; it is applied to whichever consumer is running. */
  private setPaused(reason: PauseReason, on: boolean): void {
    if (on) this.pauseReasons.add(reason);
    else this.pauseReasons.delete(reason);
    const paused = this.pauseReasons.size > 0;
    if (paused === this.stats.paused) return;
    const topics = this.topics.map((topic) => ({ topic }));
    this.stats.paused = paused;
    if (paused) {
      this.stats.pauses++;
      this.consumer?.pause(topics);
      this.logger.warn(`paused consumption (${[...this.pauseReasons].join(', ')} behind)`);
    } else {
      this.stats.resumes++;
      this.consumer?.resume(topics);
      this.logger.log('resumed consumption');
    }
  }

  /**
   * Ready = warm, a consumer running, and fetching; a paused consumer still
   * counts as fetching, a crashed one does not until its replacement fetches.
   */
  private evaluateReadiness(): void {
    const fetching =
      this.stats.paused || this.clock.now() - this.lastFetchAt < this.config.staleAfterMs;
    this.ready.next(!this.stopped && this.warm && this.consumerUp && fetching);
  }
}
