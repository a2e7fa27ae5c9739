import { WebSocket } from 'ws';
import { startPriceAlertBot } from '../../examples/price-alert/price-alert-bot.js';
import { PriceMoveDetector } from '../../examples/price-alert/price-move-detector.js';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from './wait-for-event.js';

describe('example price-alert bot', () => {
  let source: ManualTickSource;
  let service: TestApp;

  beforeAll(async () => {
    source = new ManualTickSource(new Set(['AAPL', 'MSFT']));
    service = await startTestApp({}, source);
    source.emit('AAPL', 100);
    source.emit('MSFT', 400);
  });
  afterAll(() => service.close());

  it('alerts when a watched symbol moves more than the threshold within the window', async () => {
    const lines: string[] = [];
    const bot = await startPriceAlertBot({
      url: service.wsUrl,
      thresholdPct: 1,
      windowMs: 60_000,
      throttleMs: 0,
      print: (line) => lines.push(line),
      WebSocket,
    });
    try {
      // No symbols given: the bot watches every listed symbol.
      expect([...bot.client.subscribed.keys()].sort()).toEqual(['AAPL', 'MSFT']);
      expect(lines).toContain('watching 2 symbols: alert on a move of 1% within 60 s');
      source.emit('AAPL', 100.5);
      source.emit('MSFT', 399);
      source.emit('AAPL', 101.2);
      await until(bot.client, 'ticker', () => bot.client.latest('AAPL')?.last === 101.2);
      expect(bot.alerts).toHaveLength(1);
      expect(bot.alerts[0]).toMatchObject({ symbol: 'AAPL', fromPrice: 100, toPrice: 101.2 });
      expect(lines.filter((l) => l.includes('ALERT'))).toEqual([
        expect.stringMatching(/ALERT ▲ AAPL \+1\.20% in \d+\.\d s \(100 → 101\.2\)$/),
      ]);
    } finally {
      await bot.stop();
    }
  });

  it('lists only the symbols its key may read when the service requires credentials', async () => {
    const key = 'bot-key-0123456789abcdef';
    const secured = await startTestApp(
      { AUTH_MODE: 'apikey', API_KEYS: `bot=${key};symbols=MSFT` },
      source,
    );
    let bot: Awaited<ReturnType<typeof startPriceAlertBot>> | undefined;
    try {
      // This instance's book starts empty: give both symbols a price it can list.
      source.emit('AAPL', 100);
      source.emit('MSFT', 400);
      bot = await startPriceAlertBot({
        url: `${secured.wsUrl}?token=${key}`,
        thresholdPct: 1,
        windowMs: 60_000,
        throttleMs: 0,
        print: () => undefined,
        WebSocket,
      });
      // REST takes the stream's credentials: without them /v1/symbols would answer 401.
      expect([...bot.client.subscribed.keys()]).toEqual(['MSFT']);
    } finally {
      await bot?.stop();
      await secured.close();
    }
  });
});

describe('PriceMoveDetector', () => {
  it('compares with every price in the window, alerts once per move, forgets prices older than the window', () => {
    const detector = new PriceMoveDetector(1, 10_000);
    expect(detector.observe('X', 100, 0)).toBeUndefined();
    expect(detector.observe('X', 100.9, 1000)).toBeUndefined();
    expect(detector.observe('X', 99.5, 2000)).toMatchObject({ fromPrice: 100.9, toPrice: 99.5 });
    // The window restarted at 99.5: the same level does not alert again.
    expect(detector.observe('X', 99.4, 3000)).toBeUndefined();
    // 99.5 and 99.4 fall out of the window; 100.3 vs 100.35 is no move.
    expect(detector.observe('X', 100.3, 13_500)).toBeUndefined();
    expect(detector.observe('X', 100.35, 14_000)).toBeUndefined();
  });
});
