import { ChannelStats } from './channels/channel-stats.js';

/**
 * Plain counters bumped on the hot path; the metrics endpoint reads them when
 * scraped, so delivery never pays for a metrics library's label lookups.
 */
export class StreamStats {
  /** Ticker entries written to clients (one per symbol per frame). */
  updatesSent = 0;
  /** `update` frames written. */
  framesSent = 0;
  /** Bytes of frames written (UTF-16 length; ASCII payloads make it exact). */
  bytesSent = 0;
  /** Bytes of ticker `update` frames written. */
  tickerBytesSent = 0;
  /** Counters of the trades, candles and book channels. */
  readonly channels = new ChannelStats();
  /** Updates replaced by a newer one before they could be sent. */
  conflatedUpdates = 0;
  /** Sessions currently above their high-water mark. */
  laggingSessions = 0;
  slowConsumerWarnings = 0;
  slowConsumerCloses = 0;
  heartbeatsSent = 0;
  /** Ticks received from the source and applied to the book. */
  ticksIngested = 0;
  /** Errors sent to clients, by protocol error code. */
  readonly errorsByCode = new Map<string, number>();
  /** Connections closed by the server, by close code. */
  readonly closesByCode = new Map<number, number>();

  /**
   * Receives a sample of one subscribed session's unsent bytes on every
   * housekeeping sweep; the metrics layer plugs a histogram in here.
   */
  observeUnsentBytes: (bytes: number) => void = () => undefined;

  /**
   * Receives each applied tick's age in ms (now − its source `ts`): how late the
   * feed reaches the service, Kafka transport and ingest queueing included.
   */
  observeTickAge: (ms: number) => void = () => undefined;

  countError(code: string): void {
    this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
  }

  countClose(code: number): void {
    this.closesByCode.set(code, (this.closesByCode.get(code) ?? 0) + 1);
  }
}
