import type { ClientSession } from '../client-session.js';

/** What a session's channel state needs from the session it belongs to. */
export interface ChannelSink {
  /** True while the session is behind (a slow-consumer episode): conflatable entries wait and merge. */
  lagging(): boolean;
  /**
   * Live entries were queued: they count against the session's hard cap like any
   * write, so the session closes with 4008 once its unsent and queued bytes pass it.
   */
  queued(): void;
}

/** Anything routed to one session: the feeds keep these per symbol. */
export interface SessionRoute {
  readonly session: ClientSession;
}
