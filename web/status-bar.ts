import type { ConnectionState } from '../src/client/index.js';
import { formatAge } from './price-format.js';
import type { LatencyMeter } from './latency-meter.js';

/** The elements the status bar writes to. */
export interface StatusElements {
  readonly connection: HTMLElement;
  readonly stale: HTMLElement;
  readonly latency: HTMLOutputElement;
  readonly rate: HTMLOutputElement;
  readonly session: HTMLElement;
  readonly board: HTMLElement;
}

const STATE_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

/**
 * Connection state (announced politely to screen readers), the stale
 * indicator, latency and update rate.
 */
export class StatusBar {
  private staleSince: number | undefined;

  constructor(
    private readonly elements: StatusElements,
    private readonly latency: LatencyMeter,
  ) {}

  setState(state: ConnectionState, detail = ''): void {
    const { connection } = this.elements;
    connection.dataset.state = state;
    connection.textContent = detail ? `${STATE_TEXT[state]} · ${detail}` : STATE_TEXT[state];
  }

  setSession(sessionId: string | undefined): void {
    this.elements.session.textContent = sessionId ?? '—';
  }

  /** `silentMs`: how long no frame has arrived, when the feed turned stale. */
  setStale(stale: boolean, silentMs = 0): void {
    this.staleSince = stale ? Date.now() - silentMs : undefined;
    this.elements.stale.hidden = !stale;
    this.elements.board.classList.toggle('is-stale', stale);
    this.elements.board.setAttribute('aria-describedby', stale ? 'stale' : '');
    this.refresh();
  }

  /** Called every second and after changes: latency, rate and the stale duration. */
  refresh(now = Date.now()): void {
    const { stale, latency, rate } = this.elements;
    if (this.staleSince !== undefined) {
      stale.textContent = `Stale · no data for ${formatAge(now - this.staleSince)}`;
    }
    const summary = this.latency.summary(now);
    latency.value = summary
      ? `${Math.round(summary.p50)} ms p50 · ${Math.round(summary.p95)} ms p95`
      : '—';
    rate.value = `${this.latency.rate(now).toFixed(1)}/s`;
  }
}
