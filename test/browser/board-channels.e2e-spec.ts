import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/chromium.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

/** The little of the page's DOM the test reads in the page (its TypeScript has no DOM types). */
interface PageGlobals {
  readonly document: {
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
}
/** Wait for something the page should show, ms. */
const UI_TIMEOUT_MS = 10_000;

/**
 * The board's market panel in a real browser (Debian's chromium driven by playwright-core)
 * against the real service and its simulated market: for the selected symbol, a
 * candlestick chart (lightweight-charts, bundled by esbuild, under the board's CSP), the
 * book ladder at depth 10 and the trade tape.
 */
describe('board market panel in Chromium', () => {
  let service: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    service = await startTestApp({ SIM_RATE: '400', SIM_SYMBOLS: '40', SIM_SEED: '8' });
    const index = await fetch(`${service.baseUrl}/`);
    if (index.status !== 200) {
      throw new Error(`GET / answered ${index.status}: build the board first (npm run build)`);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  }, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  const shows = (selector: string): Promise<unknown> =>
    page.waitForSelector(selector, { timeout: UI_TIMEOUT_MS });

  /** Texts of `selector`'s matches. */
  const texts = (selector: string): Promise<string[]> => page.locator(selector).allTextContents();

  it('selects a symbol from the table and shows its chart, ladder and tape', async () => {
    await page.goto(`${service.baseUrl}/`);
    await shows('#connection[data-state="open"]');
    await shows('#rows tr[data-symbol] td.last:not(:text-is("—"))');
    // The first symbol is selected on a first visit; pick another one by its name's button.
    const symbol = (await page
      .locator('#rows tr[data-symbol]')
      .nth(1)
      .getAttribute('data-symbol'))!;
    await page.getByRole('button', { name: symbol, exact: true }).click();
    await shows(`#market-symbol:text-is("${symbol}")`);
    expect(
      await page.getByRole('button', { name: symbol, exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(await page.locator('button.select-symbol[aria-pressed="true"]').count()).toBe(1);
    expect(await page.isHidden('#market-empty')).toBe(true);

    // Chart: one-second bars, several of them (a bar closes every second).
    await page.getByLabel('Interval').selectOption('1s');
    await page.waitForFunction(
      // Serialised into the page: only the type cast may refer to the test's scope.
      (min) =>
        Number(
          (globalThis as unknown as PageGlobals).document
            .querySelector('#chart')
            ?.getAttribute('data-bars'),
        ) >= min,
      5,
      { timeout: UI_TIMEOUT_MS },
    );
    expect(await page.getAttribute('#chart', 'aria-label')).toMatch(
      new RegExp(`^Candlestick chart: ${symbol.replace(/[/.]/g, '\\$&')} 1s, \\d+ bars; last`),
    );
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);

    // Ladder: 10 levels a side, prices filled, best bid below best ask, levels flashing.
    await shows('#ladder-rows tr:nth-child(10) td.ask:not(:text-is("—"))');
    expect(await page.locator('#ladder-rows tr').count()).toBe(10);
    const bids = (await texts('#ladder-rows td.bid')).map(Number);
    const asks = (await texts('#ladder-rows td.ask')).map(Number);
    expect(bids.filter(Number.isFinite)).toHaveLength(10);
    expect(asks.filter(Number.isFinite)).toHaveLength(10);
    expect(bids[0]).toBeLessThan(asks[0] as number);
    expect([...bids].sort((a, b) => b - a)).toEqual(bids);
    expect([...asks].sort((a, b) => a - b)).toEqual(asks);
    await shows('#ladder-rows td[data-changed]');
    await shows('#spread:text-matches("^spread [0-9.]+$")');
    expect(await page.locator('#ladder caption').textContent()).toContain('Order book');

    // Tape: trades of the symbol, newest first.
    await shows('#tape-rows tr:nth-child(3)');
    const seqs = await page
      .locator('#tape-rows tr')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(await texts('#tape-rows td.side')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(Buy|Sell)$/)]),
    );

    expect(await page.isHidden('#market-notice')).toBe(true);
    expect(consoleErrors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${ARTIFACTS}board-channels.png`, fullPage: true });
  });

  it('switches symbol and interval, and keeps the selection across a reload', async () => {
    const symbol = (await page
      .locator('#rows tr[data-symbol]')
      .nth(2)
      .getAttribute('data-symbol'))!;
    await page.getByRole('button', { name: symbol, exact: true }).click();
    await shows(`#market-symbol:text-is("${symbol}")`);
    await shows('#ladder-rows tr:first-child td.bid:not(:text-is("—"))');
    await page.getByLabel('Interval').selectOption('1m');
    await shows(`#chart[aria-label*="${symbol} 1m,"]`);

    await page.reload();
    await shows(`#market-symbol:text-is("${symbol}")`);
    expect(await page.getByLabel('Interval').inputValue()).toBe('1m');
    await shows('#tape-rows tr');
    expect(consoleErrors).toEqual([]);
  });
});
