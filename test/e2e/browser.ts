/**
 * Launches Debian's (or the configured) Chromium through playwright-core, with flags for a closed network, and
 * watches every page it opens. Each context records Content-Security-Policy violations (an init script reports the
 * `securitypolicyviolation` event, and Chromium's own "Refused to …" messages count too), requests to any origin
 * but the app's (data: and blob: URLs are the page's own), uncaught page errors and console errors. Whatever was
 * recorded fails the test during which it happened (afterEach), or the file (afterAll) when it arrives late. A test
 * that provokes a problem on purpose takes it with takeProblems before the check.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, expect, inject } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with the npm scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

/** Where e2e screenshots are kept (looked at by people; the README shows one). */
export const SHOT_DIR = 'test-results/screenshots';

/** Something a page did that fails the test. */
export interface PageProblem {
  /** csp: a CSP violation; origin: a request off the app's origin; pageerror: an uncaught error; console: console.error. */
  kind: 'csp' | 'origin' | 'pageerror' | 'console';
  /** What happened, as the browser told it. */
  text: string;
  /** The page it happened on (null for a service worker's request). */
  page: Page | null;
}

const problems: PageProblem[] = [];

/** Schemes a page may load from besides the app's origin: content it made itself. */
const OWN_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** Whether `url` stays within the app: its origin, or a data:, blob: or about: URL. */
export function isAppUrl(url: string): boolean {
  const u = new URL(url);
  return OWN_SCHEMES.has(u.protocol) || u.origin === new URL(inject('baseUrl')).origin;
}

/** Reports every CSP violation of the page as a console error the context hears (init scripts run despite the CSP). */
function reportViolations(): void {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} in ${e.sourceFile || 'the page'}`);
  });
}

const watched = new WeakSet<BrowserContext>();

/** Records the context's CSP violations, off-origin requests, page errors and console errors into `problems`. */
async function watchContext(context: BrowserContext): Promise<void> {
  if (watched.has(context)) return;
  watched.add(context);
  let offline = false;
  const setOffline = context.setOffline.bind(context);
  context.setOffline = async (on: boolean) => { offline = on; await setOffline(on); };
  await context.addInitScript(reportViolations);
  context.on('request', (r) => {
    if (isAppUrl(r.url())) return;
    let page: Page | null = null;
    try { page = r.frame().page(); } catch { /* a service worker's request has no frame */ }
    problems.push({ kind: 'origin', text: `request to another origin: ${r.method()} ${r.url()}`, page });
  });
  context.on('weberror', (e) => problems.push({ kind: 'pageerror', text: e.error().message, page: e.page() }));
  context.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // A test that takes the network away expects requests to fail (the service worker answers ERR_FAILED for what
    // it has not cached, the network ERR_INTERNET_DISCONNECTED).
    if (offline && /^Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED)$/.test(text)) return;
    problems.push({ kind: /^CSP violation|Refused to |violates the following Content Security Policy/.test(text) ? 'csp' : 'console', text, page: m.page() });
  });
}

/** Removes and returns what was recorded on `page` of one kind (for the test that provokes it on purpose). */
export function takeProblems(page: Page, kind: PageProblem['kind']): string[] {
  const taken: string[] = [];
  for (let i = problems.length - 1; i >= 0; i--) {
    if (problems[i].page === page && problems[i].kind === kind) taken.unshift(...problems.splice(i, 1).map((p) => p.text));
  }
  return taken;
}

/** Fails with everything recorded since the last check. */
function expectNoProblems(): void {
  const seen = problems.splice(0).map((p) => `${p.kind}: ${p.text}`);
  expect(seen, 'CSP violations, requests to other origins, page errors or console errors').toEqual([]);
}

afterEach(expectNoProblems);
afterAll(expectNoProblems);

/** Starts a headless Chromium whose every context is watched; fails with instructions when none is installed. */
export async function launch(): Promise<Browser> {
  const executablePath: string | null = await findChromium();
  if (!executablePath) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH.');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  // browser.newPage makes its context through newContext: both are watched.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchContext(context);
    return context;
  };
  return browser;
}

/** Saves a screenshot of the page (or of one element) under SHOT_DIR. */
export async function shot(page: Page, name: string, selector?: string, fullPage = true): Promise<string> {
  mkdirSync(SHOT_DIR, { recursive: true });
  const path = `${SHOT_DIR}/${name}.png`;
  if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path, fullPage });
  return path;
}

/** A 1440×1000 page whose page errors and console errors are also collected into `errors`. */
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
