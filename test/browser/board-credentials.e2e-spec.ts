import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/chromium.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const KEY = 'board-key-0123456789abcdef';
/** Wait for something the page should show, ms. */
const UI_TIMEOUT_MS = 10_000;

/**
 * The board against a service that requires credentials: opened as `/?token=<key>`, it
 * streams and lists exactly the symbols the key may read (REST and the upgrade both get the
 * credential, once each).
 */
describe('ticker board with credentials in Chromium', () => {
  let service: TestApp;
  let browser: Browser;
  let page: Page;
  let entitled: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    service = await startTestApp({
      SIM_RATE: '400',
      SIM_SYMBOLS: '40',
      SIM_SEED: '5',
      AUTH_MODE: 'apikey',
      API_KEYS: `board=${KEY};symbols=FX:*|BTC-USD|ETH-USD`,
    });
    const response = await fetch(`${service.baseUrl}/v1/symbols`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    entitled = ((await response.json()) as { symbols: string[] }).symbols;
    page = await browser.newPage();
  }, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('connects with ?token= and offers only the entitled symbols', async () => {
    expect(entitled.length).toBeGreaterThan(0);
    await page.goto(`${service.baseUrl}/?token=${KEY}`);
    await page.waitForSelector('#connection[data-state="open"]', { timeout: UI_TIMEOUT_MS });
    // The page's own DOM, evaluated in the page (this file has no DOM types).
    await page.waitForFunction(
      `document.querySelectorAll('#symbol-options option').length === ${entitled.length}`,
      undefined,
      { timeout: UI_TIMEOUT_MS },
    );
    const offered = await page
      .locator('#symbol-options option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('value')));
    expect(offered.sort()).toEqual([...entitled].sort());
    // A row of an entitled symbol fills with a live price.
    await page.waitForSelector('#rows tr[data-symbol] td', { timeout: UI_TIMEOUT_MS });
  });
});
