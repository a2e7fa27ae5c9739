import { runK6Double, type K6DoubleRun, type SummaryData } from './support/k6-double.js';
import { startBuiltService, type BuiltService } from './support/built-service.js';

/**
 * load/fanout.js on each channel beyond `ticker` (`CHANNEL=trades|candles|book`), through the
 * k6 test double against the built service with its simulated market: data flows, and every
 * entry holds the channel's invariants (trades seq +1, candle order and `closed`, book
 * checksum). test/load-scripts.e2e-spec.ts runs every script once with its defaults (fanout:
 * tickers; smoke: every channel's checks).
 */
const FANOUT = new URL('../load/fanout.js', import.meta.url).pathname;
const SERVICE_ENV = { SIM_SYMBOLS: '100', SIM_RATE: '2000', HEARTBEAT_MS: '1000' };
const SHORT_RUN = { VUS: '2', CONNS_PER_VU: '2', SYMBOLS: '5', DURATION: '2s', RAMP: '200ms' };
const RUN_TIMEOUT_MS = 60_000;

function summaryOf(run: K6DoubleRun): SummaryData {
  if (run.summary === undefined)
    throw new Error(`no summary data (exit ${run.code}):\n${run.stderr}\n${run.stdout}`);
  return run.summary;
}

describe('load/fanout.js on the trades, candles and book channels (k6 test double)', () => {
  let service: BuiltService;

  beforeAll(async () => {
    service = await startBuiltService(SERVICE_ENV);
  }, 40_000);

  afterAll(async () => {
    await service?.stop();
  }, 20_000);

  it.each([
    ['trades', {}],
    ['candles', { INTERVAL: '1s', HISTORY: '5', THROTTLE_MS: '100' }],
    // Unthrottled: every open-bar state, still one entry per (symbol, interval, start) a frame.
    ['candles', { INTERVAL: '1s', HISTORY: '5', THROTTLE_MS: '0' }],
    ['book', { DEPTH: '10', THROTTLE_MS: '0' }],
    ['book', { DEPTH: '25', THROTTLE_MS: '100' }],
  ])(
    'CHANNEL=%s %j: entries flow and hold the channel invariants',
    async (channel, vars) => {
      const run = await runK6Double(
        FANOUT,
        {
          ...SHORT_RUN,
          ...vars,
          CHANNEL: channel,
          TARGET_URL: service.wsUrl,
          BASE_URL: service.baseUrl,
        },
        RUN_TIMEOUT_MS,
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: expect.any(String),
      });
      const { k6double, metrics } = summaryOf(run);
      expect(k6double.thresholds.filter((t) => !t.ok)).toEqual([]);
      expect(k6double.iterations).toMatchObject({ errors: 0, interrupted: 0 });
      expect(metrics[`channel_entries_received{channel:${channel}}`]?.values.count).toBeGreaterThan(
        0,
      );
      for (const invariant of ['seq_violations', 'order_violations', 'book_checksum_mismatches']) {
        expect([invariant, metrics[invariant]?.values.count ?? 0]).toEqual([invariant, 0]);
      }
      expect(run.stdout).toContain(`fanout ${channel}`);
      expect(run.stdout).toContain('all thresholds passed');
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
