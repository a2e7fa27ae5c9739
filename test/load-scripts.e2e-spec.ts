import { readdirSync, readFileSync } from 'node:fs';
import { runK6Double, type K6DoubleRun, type SummaryData } from './support/k6-double.js';
import { startBuiltService, type BuiltService } from './support/built-service.js';

/**
 * Every k6 script in load/ runs through the k6 API test double (test/k6-double/) against the
 * built service, briefly and with few VUs, and must pass its own checks and thresholds. k6 itself
 * (AGPL) is never fetched or run here; figures of record still come from real k6.
 */
const LOAD_DIR = new URL('../load/', import.meta.url);
const FIXTURES_DIR = new URL('./k6-double/fixtures/', import.meta.url);
const SCRIPTS = readdirSync(LOAD_DIR)
  .filter((name) => name.endsWith('.js'))
  .sort();

/** Every watched symbol ticks several times a second (2000 ticks/s over 100 symbols). */
const SERVICE_ENV = { SIM_SYMBOLS: '100', SIM_RATE: '2000', HEARTBEAT_MS: '1000' };

/**
 * Short runs at small VU counts, by script (each script's header lists its variables). A script
 * not listed runs with DEFAULT_VARS; if that takes too long, give it an entry here.
 */
const SHORT_RUNS: Record<string, Record<string, string>> = {
  'smoke.js': { VUS: '1', DURATION: '2s', SYMBOLS: '5' },
  'fanout.js': { VUS: '2', CONNS_PER_VU: '2', SYMBOLS: '5', DURATION: '2s', RAMP: '200ms' },
  'subscribe-storm.js': {
    VUS: '2',
    DURATION: '2s',
    SYMBOLS: '5',
    BURSTS: '2',
    HOLD: '200ms',
    OVER_LIMIT_EVERY: '1', // every iteration also provokes RATE_LIMITED
  },
  'soak.js': {
    VUS: '1',
    CONNS_PER_VU: '2',
    SYMBOLS: '5',
    DURATION: '4s',
    RAMP: '200ms',
    PING_EVERY: '1s',
    STALL_AFTER: '2s',
    MAX_RSS_GROWTH_MB: '1024', // exercises the Gauge threshold without judging a 4 s run
  },
  'spike.js': {
    BASE_VUS: '1',
    VUS: '3',
    CONNS_PER_VU: '1',
    SYMBOLS: '5',
    WARM: '1s',
    RAMP_UP: '1s',
    PEAK: '1s',
    RAMP_DOWN: '1s',
    COOL: '1s',
    HOLD: '500ms',
  },
};
const DEFAULT_VARS = { VUS: '1', CONNS_PER_VU: '1', SYMBOLS: '5', DURATION: '2s' };

const SCRIPT_TIMEOUT_MS = 60_000;
const FIXTURE_TIMEOUT_MS = 20_000;

/** The run's summary data, or a failure that shows the double's output. */
function summaryOf(run: K6DoubleRun): SummaryData {
  if (run.summary === undefined)
    throw new Error(`no summary data (exit ${run.code}):\n${run.stderr}\n${run.stdout}`);
  return run.summary;
}

const fixture = (name: string): string => new URL(name, FIXTURES_DIR).pathname;

describe('load/ k6 scripts, run through the k6 test double', () => {
  let service: BuiltService;

  beforeAll(async () => {
    service = await startBuiltService(SERVICE_ENV);
    const ready = await fetch(`${service.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
  }, 40_000);

  afterAll(async () => {
    await service?.stop();
  }, 20_000);

  it('finds the scripts', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(Object.keys(SHORT_RUNS)));
  });

  it.each(SCRIPTS)(
    '%s passes its checks and thresholds',
    async (script) => {
      const path = new URL(script, LOAD_DIR).pathname;
      const source = readFileSync(path, 'utf8');
      const run = await runK6Double(
        path,
        {
          ...(SHORT_RUNS[script] ?? DEFAULT_VARS),
          TARGET_URL: service.wsUrl,
          BASE_URL: service.baseUrl,
        },
        SCRIPT_TIMEOUT_MS,
      );
      // On failure Jest prints the whole object, the double's log included.
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: expect.any(String),
      });
      const { k6double, metrics, root_group: rootGroup } = summaryOf(run);

      expect(k6double.thresholds.length).toBeGreaterThan(0);
      expect(k6double.thresholds.filter((t) => !t.ok)).toEqual([]);
      expect(k6double.iterations.complete).toBeGreaterThan(0);
      expect(k6double.iterations).toMatchObject({ errors: 0, interrupted: 0 });
      expect(k6double.unhandledRejections).toBe(0);

      if (/\bcheck\(/.test(source)) expect(metrics.checks.values.passes).toBeGreaterThan(0);
      expect(rootGroup.checks.filter((c) => c.fails > 0)).toEqual([]);

      const exportsHandleSummary = /export (const|function|async function) handleSummary\b/;
      expect(k6double.summary).toBe(
        exportsHandleSummary.test(source) ? 'handleSummary' : 'default',
      );
      // lib/summary.js's report agrees with the double's evaluation of the thresholds.
      if (source.includes('makeHandleSummary('))
        expect(run.stdout).toContain('all thresholds passed');
      expect(service.running()).toBe(true);
    },
    SCRIPT_TIMEOUT_MS + 10_000,
  );
});

describe('load/ k6 scripts against a service that requires credentials', () => {
  const KEY = 'load-test-key-0123456789';
  const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghij';
  let secured: BuiltService;

  beforeAll(async () => {
    secured = await startBuiltService({
      ...SERVICE_ENV,
      AUTH_MODE: 'apikey',
      API_KEYS: `load=${KEY};symbols=*`,
      METRICS_TOKEN,
    });
  }, 40_000);
  afterAll(async () => {
    await secured?.stop();
  }, 20_000);

  /** REST (GET /v1/symbols, /metrics) and the upgrade each get the credential exactly once. */
  it.each([
    ['TOKEN, sent as a header', (url: string) => ({ TARGET_URL: url, TOKEN: KEY })],
    ["TARGET_URL's ?token=", (url: string) => ({ TARGET_URL: `${url}?token=${KEY}` })],
  ])(
    'soak.js passes with %s',
    async (_, credentials) => {
      const run = await runK6Double(
        new URL('soak.js', LOAD_DIR).pathname,
        {
          ...SHORT_RUNS['soak.js'],
          ...credentials(secured.wsUrl),
          BASE_URL: secured.baseUrl,
          METRICS_TOKEN,
        },
        SCRIPT_TIMEOUT_MS,
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: expect.any(String),
      });
      const { k6double } = summaryOf(run);
      expect(k6double.thresholds.filter((t) => !t.ok)).toEqual([]);
      // soak reports the server's RSS only when the guarded /metrics answered both times.
      expect(`${run.stdout}${run.stderr}`).toMatch(/server RSS: [\d.]+ MB -> [\d.]+ MB/);
    },
    SCRIPT_TIMEOUT_MS + 10_000,
  );
});

describe('the k6 test double', () => {
  it('keeps module state per VU, waits for pending timers, passes setup data', async () => {
    const run = await runK6Double(fixture('event-loop.js'), {}, FIXTURE_TIMEOUT_MS);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const { k6double } = summaryOf(run);
    expect(k6double.thresholds.map((t) => [t.metric, t.ok])).toEqual([
      ['checks', true],
      ['iterations', true],
      ['timer_callbacks', true],
      ['iteration_duration', true],
    ]);
  });

  it('exits 99 on a failed check under a checks threshold, naming the check', async () => {
    const run = await runK6Double(fixture('failing-check.js'), {}, FIXTURE_TIMEOUT_MS);
    expect(run.code).toBe(99);
    expect(run.stderr).toContain("thresholds on metrics 'checks' have been crossed");
    expect(run.stdout).toContain('✗ one is two');
    expect(summaryOf(run).metrics.checks.values).toMatchObject({ passes: 1, fails: 1 });
  });

  it('exits 99 on a crossed threshold, naming only the crossed metric', async () => {
    const run = await runK6Double(fixture('crossed-threshold.js'), {}, FIXTURE_TIMEOUT_MS);
    expect(run.code).toBe(99);
    expect(run.stderr).toContain("thresholds on metrics 'fixture_latency' have been crossed");
    const { metrics } = summaryOf(run);
    expect(metrics.fixture_latency.thresholds).toEqual({ 'p(95)<10': { ok: false } });
    expect(metrics['fixture_latency{kind:fast}'].thresholds).toEqual({ 'max<10': { ok: true } });
  });

  it('fails with 107 naming a k6 module it does not emulate', async () => {
    const run = await runK6Double(fixture('grpc-import.js'), {}, FIXTURE_TIMEOUT_MS);
    expect(run.code).toBe(107);
    expect(run.stderr).toContain("module 'k6/net/grpc' is not emulated");
  });

  it('fails with 107 naming an export it does not emulate', async () => {
    const run = await runK6Double(fixture('unknown-export.js'), {}, FIXTURE_TIMEOUT_MS);
    expect(run.code).toBe(107);
    expect(run.stderr).toContain("does not provide an export named 'sleep'");
  });

  it('logs and counts an exception in an iteration and carries on, as k6 does', async () => {
    const run = await runK6Double(fixture('iteration-error.js'), {}, FIXTURE_TIMEOUT_MS);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('boom in the iteration');
    expect(summaryOf(run).k6double.iterations).toEqual({ complete: 4, errors: 2, interrupted: 0 });
  });

  it('aborts with 107 on an exception in setup()', async () => {
    const run = await runK6Double(fixture('setup-error.js'), {}, FIXTURE_TIMEOUT_MS);
    expect(run.code).toBe(107);
    expect(run.stderr).toContain('setup() failed: Error: boom in setup');
  });

  it('interrupts an iteration that outlives duration + gracefulStop', async () => {
    const run = await runK6Double(fixture('graceful-stop.js'), {}, FIXTURE_TIMEOUT_MS);
    expect(run.code).toBe(0);
    const { k6double, state } = summaryOf(run);
    expect(k6double.iterations).toEqual({ complete: 0, errors: 0, interrupted: 1 });
    expect(state.testRunDurationMs).toBeLessThan(5000);
  });
});
