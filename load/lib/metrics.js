// Custom k6 metrics shared by the scripts. Declared at module level = k6 init context.
// k6's built-in ws_* metrics count WebSocket frames; these count application messages.
import { Counter, Trend } from 'k6/metrics';

/** Tickers received, tag `kind` = `update` | `snapshot` (one sample per frame, value = tickers in it). */
export const tickersReceived = new Counter('tickers_received');
/** End-to-end latency of update tickers: receive time (Date.now() in the script) - ticker.ts. */
export const tickerLatency = new Trend('ticker_latency', true);
/**
 * k6's own backlog: Date.now() when the script handles a frame - the time k6 read it off the
 * socket. When this grows, k6 (not the server) is the bottleneck and ticker_latency is inflated.
 */
export const clientQueueDelay = new Trend('client_queue_delay', true);
/** `error` frames, tags `code` (protocol error code) and `expected` (`true` when the script provoked it). */
export const protocolErrors = new Counter('protocol_errors');
/** Tickers whose `seq` was not greater than the previous one of the same symbol on that connection. */
export const seqViolations = new Counter('seq_violations');
/**
 * Ordering breaches, tag `kind`: `update_before_snapshot`, `update_not_subscribed` (e.g. after
 * `unsubscribed`), `unexpected_snapshot`, `welcome_not_first`, `bad_frame` (not JSON).
 */
export const orderViolations = new Counter('order_violations');
/** Connections closed by the server (or dropped) while the script did not ask for it; tag `code`. */
export const unexpectedCloses = new Counter('ws_unexpected_closes');
/** Connections whose WebSocket upgrade failed (refused, 503, network). */
export const connectFailures = new Counter('ws_connect_failures');
/** `warning` frames (SLOW_CONSUMER), tag `code`. */
export const serverWarnings = new Counter('server_warnings');
/** `heartbeat` frames. */
export const heartbeats = new Counter('heartbeats_received');
/** Request round trip (request sent -> its reply or error), tag `op`. */
export const requestRtt = new Trend('request_rtt', true);
/** Requests that got no reply in time, tag `op`. */
export const unansweredRequests = new Counter('unanswered_requests');
/** Subscribe sent -> its snapshot frame received. */
export const timeToSnapshot = new Trend('time_to_snapshot', true);

// Channels beyond `ticker` (trades, candles, book).
/** Entries of non-ticker channels received, tags `channel` and `kind` (`update` | `snapshot`). */
export const channelEntriesReceived = new Counter('channel_entries_received');
/** `Date.now() - entry.ts` of trade and book update entries (candles carry no source time), tag `channel`. */
export const channelLatency = new Trend('channel_latency', true);
/** Book entries after which the local book did not match the entry's `checksum`. */
export const bookChecksumMismatches = new Counter('book_checksum_mismatches');
