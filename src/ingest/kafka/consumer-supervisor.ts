import type { Clock, TimerHandle } from '../../shared/clock.js';
import { RestartBackoff } from '../restart-backoff.js';

/** What the supervisor needs of a running consumer. */
export interface SupervisedConsumer {
  disconnect(): Promise<void>;
}

/**
 * Creates, connects and runs a consumer, calling `crashed` if it ever stops
 * on its own (kafkajs: the CRASH event). Rejects if it cannot start.
 */
export type ConsumerLauncher = (crashed: (error: Error) => void) => Promise<SupervisedConsumer>;

/** What the owner hears about, for logs, counters and readiness. */
export interface SupervisorEvents {
  /** The consumer stopped (or a restart failed); the next attempt is in `restartInMs`. */
  crashed(error: Error, restartInMs: number): void;
  /** A replacement consumer is running. */
  restarted(): void;
}

/**
 * Keeps a consumer running. kafkajs restarts a crashed consumer itself only
 * after *retriable* errors; after any other (an unsupported codec, a
 * non-retriable broker error) it stays stopped for good while the process
 * looks alive. So kafkajs is told never to restart (`restartOnFailure` →
 * false) and every crash comes here: the consumer is replaced after a delay
 * that doubles while crashes continue and starts over once the owner reports
 * it healthy ({@link healthy}).
 */
export class ConsumerSupervisor {
  private consumer: SupervisedConsumer | undefined;
  /** Bumped per launch, so a late crash report of a replaced consumer is ignored. */
  private generation = 0;
  private restartTimer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly launch: ConsumerLauncher,
    private readonly clock: Clock,
    private readonly events: SupervisorEvents,
    private readonly backoff = new RestartBackoff(),
  ) {}

  /** Launches the first consumer; rejects (and supervises nothing) if it cannot start. */
  async start(): Promise<void> {
    await this.replace();
  }

  /** The consumer is doing its work (e.g. fetched): the next crash restarts quickly again. */
  healthy(): void {
    this.backoff.reset();
  }

  /** Stops supervising and disconnects the current consumer. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.restartTimer);
    this.generation++;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Launches a consumer in place of the current one; false if it crashed or was stopped meanwhile. */
  private async replace(): Promise<boolean> {
    const generation = ++this.generation;
    const previous = this.consumer;
    this.consumer = undefined;
    // kafkajs has already disconnected a crashed consumer; this only makes sure.
    await previous?.disconnect().catch(() => undefined);
    const consumer = await this.launch((error) => {
      if (generation === this.generation) this.onCrash(error);
    });
    if (this.stopped || generation !== this.generation) {
      await consumer.disconnect().catch(() => undefined);
      return false;
    }
    this.consumer = consumer;
    return true;
  }

  private onCrash(error: Error): void {
    if (this.stopped) return;
    // A crash report ends this generation: a second report of it schedules nothing more.
    this.generation++;
    const delay = this.backoff.next();
    this.events.crashed(error, delay);
    this.restartTimer = this.clock.setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopped) return;
    try {
      if (await this.replace()) this.events.restarted();
    } catch (error) {
      this.onCrash(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
