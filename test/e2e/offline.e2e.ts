import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with the npm scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { launch, openApp, shot } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => { await browser?.close(); });

const narration = () => page.getByRole('status').filter({ hasText: /^t = / });

describe('offline after the first visit', () => {
  it('registers a service worker that precaches the build', async () => {
    await openApp(page, inject('baseUrl'));
    const state = await page.evaluate(async () => {
      // `ready` resolves once there is an active worker, which may still be
      // 'activating' (precaching finishes in its activate step): wait for it.
      const registration = await navigator.serviceWorker.ready;
      const worker = registration.active!;
      if (worker.state !== 'activated') {
        await new Promise<void>((resolve) => {
          const check = () => { if (worker.state === 'activated') resolve(); };
          worker.addEventListener('statechange', check);
          check();
        });
      }
      return { state: worker.state, script: worker.scriptURL };
    });
    expect(state.state).toBe('activated');
    expect(state.script).toMatch(/\/sw\.js$/);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('rnn-unfold-'))!);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached.some((p) => /engine\.worker-.*\.js$/.test(p))).toBe(true);
    expect(cached.some((p) => /\.css$/.test(p))).toBe(true);
    expect(cached).toEqual(expect.arrayContaining(['/manifest.webmanifest', '/icon-192.png', '/icon-512.png', '/icon.svg']));
  });

  it('is an installable app: a manifest with icons, served by the service worker', async () => {
    // Chromium checks installability only outside incognito, so this check uses a profile on disk.
    const dir = mkdtempSync(join(tmpdir(), 'rnn-unfold-profile-'));
    const persistent = await chromium.launchPersistentContext(dir, { executablePath: (await findChromium())!, args: CHROMIUM_ARGS, headless: true });
    try {
      const p = persistent.pages()[0] ?? await persistent.newPage();
      await openApp(p, inject('baseUrl'));
      await p.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
      const cdp = await persistent.newCDPSession(p);
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.errors).toEqual([]);
      expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ short_name: 'rnn-unfold', display: 'standalone', start_url: './' });
      await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, { timeout: 10_000 }).toEqual([]);
    } finally {
      await persistent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reloads with the network gone and still steps through the input', async () => {
    await context.setOffline(true);
    try {
      // The network is really gone: a file that is not cached cannot be had.
      expect(await page.evaluate(() => fetch(`./not-cached-${Math.random()}.txt`).then(() => 'fetched', () => 'failed'))).toBe('failed');
      const response = await page.reload();
      expect(response?.fromServiceWorker()).toBe(true);
      await narration().waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => !(document.querySelector('.step-controls button:nth-child(3)') as HTMLButtonElement | null)?.disabled, null, { timeout: 20_000 });
      const before = await narration().textContent();
      await page.getByRole('button', { name: 'Step forward', exact: true }).click();
      await expect.poll(() => narration().textContent()).not.toBe(before);
      expect(await narration().textContent()).toMatch(/^t = \d+/);
      await shot(page, 'offline');
      expect(errors).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
  });
});
