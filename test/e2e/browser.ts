/** Launches Debian's (or the configured) Chromium through playwright-core, with flags for a closed network. */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error: a plain .mjs helper shared with the npm scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

/** Where e2e screenshots are kept (looked at by people; the README shows one). */
export const SHOT_DIR = 'test-results/screenshots';

/** Starts a headless Chromium; fails with instructions when none is installed. */
export async function launch(): Promise<Browser> {
  const executablePath: string | null = await findChromium();
  if (!executablePath) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH.');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Saves a screenshot of the page (or of one element) under SHOT_DIR. */
export async function shot(page: Page, name: string, selector?: string, fullPage = true): Promise<string> {
  mkdirSync(SHOT_DIR, { recursive: true });
  const path = `${SHOT_DIR}/${name}.png`;
  if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path, fullPage });
  return path;
}

/** A 1440×1000 page whose page errors and console errors are collected into `errors`. */
export async function newWatchedPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return page;
}

/** Opens the app at `url` and waits for the first open: the worker trains the default model, then traces the input. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('status').filter({ hasText: /^t = / }).waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !(document.querySelector('.step-controls button:nth-child(3)') as HTMLButtonElement | null)?.disabled, null, { timeout: 20_000 });
}

/** A browser and a watched page on the app (opened at `url` unless `open` is false): each suite's setup. */
export async function startApp(errors: string[], url: string | null): Promise<{ browser: Browser; page: Page }> {
  const browser = await launch();
  const page = await newWatchedPage(browser, errors);
  if (url !== null) await openApp(page, url);
  return { browser, page };
}
