import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/chromium.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
/** Wait for something the page should show, ms. */
const UI_TIMEOUT_MS = 10_000;

/**
 * The ticker board in a real browser (Debian's chromium driven by
 * playwright-core) against the real service and its simulated market.
 */
describe('ticker board in Chromium', () => {
  let service: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // Heartbeat 250 ms: the board must call the feed stale within 500 ms of silence.
    service = await startTestApp({
      SIM_RATE: '400',
      SIM_SYMBOLS: '40',
      SIM_SEED: '5',
      HEARTBEAT_MS: '250',
    });
    const index = await fetch(`${service.baseUrl}/`);
    if (index.status !== 200) {
      throw new Error(`GET / answered ${index.status}: build the board first (npm run build)`);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  }, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  const symbolsOnBoard = async (): Promise<string[]> => {
    const rows = await page.locator('#rows tr').all();
    return Promise.all(rows.map(async (row) => (await row.getAttribute('data-symbol')) ?? ''));
  };
  /** Waits until `selector` matches; Playwright's `:text-is()`/`:text-matches()` test contents. */
  const shows = (selector: string): Promise<unknown> =>
    page.waitForSelector(selector, { timeout: UI_TIMEOUT_MS });

  it('loads without console errors, connected, with accessible controls', async () => {
    await page.goto(`${service.baseUrl}/`);
    await shows('#connection[data-state="open"]');
    expect(await page.textContent('#connection')).toBe('Live');
    expect(await page.getAttribute('#connection', 'aria-live')).toBe('polite');
    await page.getByLabel('Add symbol').waitFor();
    await page.getByLabel('Throttle').waitFor();
    expect(await page.locator('#board thead th[scope="col"]').count()).toBe(9);
    expect(await page.textContent('#board caption')).toContain('Tickers');
    expect(await page.isHidden('#stale')).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it('a symbol added through the search shows live prices that change, with flashes and latency', async () => {
    const { symbols } = (await (await fetch(`${service.baseUrl}/v1/symbols`)).json()) as {
      symbols: string[];
    };
    const shown = await symbolsOnBoard();
    const symbol = symbols.find((s) => !shown.includes(s));
    if (!symbol) throw new Error('every listed symbol is already on the board');
    expect(await page.locator('#symbol-options option').count()).toBe(symbols.length);

    await page.getByLabel('Add symbol').fill(symbol);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = `#rows tr[data-symbol="${symbol}"]`;
    await shows(`${row} td.last:not(:text-is("—"))`);
    const first = await page.textContent(`${row} td.last`);
    // The price changes while we watch, and a moved price is marked up or down (and flashed).
    await shows(`${row} td.last:not(:text-is("${first}"))`);
    await shows(`${row} td[data-dir]`);
    await shows('#latency:text-matches("[0-9]+ ms p50")');
    expect(await page.textContent('#add-hint')).toBe(`Added ${symbol}.`);
    expect(await symbolsOnBoard()).toContain(symbol);
    expect(consoleErrors).toEqual([]);
  });

  it('changes the throttle and removes a symbol', async () => {
    await page.getByLabel('Throttle').selectOption('1000');
    await shows('#add-hint:text-is("Throttle set to 1 s.")');
    const [victim] = await symbolsOnBoard();
    await page.getByRole('button', { name: `Remove ${victim}` }).click();
    await page.waitForSelector(`#rows tr[data-symbol="${victim}"]`, {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });
    expect(consoleErrors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${ARTIFACTS}board.png` });
  });

  it('shows the stale indicator when the service stops', async () => {
    await service.close();
    await shows('#stale:not([hidden])');
    expect(await page.textContent('#stale')).toMatch(/^Stale · no data for/);
    expect(await page.getAttribute('#board', 'class')).toContain('is-stale');
    await shows('#connection[data-state="reconnecting"]');
    await page.screenshot({ path: `${ARTIFACTS}board-stale.png` });
  });
});
