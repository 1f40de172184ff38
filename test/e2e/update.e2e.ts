import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { launch, openApp, shot } from './browser';

// A new deployment is simulated by changing dist/sw.js on disk (its cache name, same length), as a deploy would.
const SW = 'dist/sw.js';
let original = '';
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  original = readFileSync(SW, 'utf8');
  browser = await launch();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
});

afterAll(async () => {
  writeFileSync(SW, original);
  await browser?.close();
});

const narration = () => page.getByRole('status').filter({ hasText: /^t = / });
const cacheNames = () => page.evaluate(() => caches.keys());

describe('a new version', () => {
  it('is offered, never forced: the page reloads only on "Reload to update", and the work comes back', async () => {
    await openApp(page, `${inject('baseUrl')}#v=1&in=hello%20world&t=1`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    const first = await cacheNames();
    expect(first).toHaveLength(1);
    // The app shows its version.
    expect(await page.getByRole('contentinfo').textContent()).toMatch(/rnn-unfold \d+\.\d+\.\d+/);

    // Every hex digit of the cache version changes: another build.
    const next = original.replace(/rnn-unfold-([0-9a-f]{12})/, (_, v: string) => `rnn-unfold-${v.replace(/./g, (c) => (c === 'f' ? '0' : 'f'))}`);
    expect(next).not.toBe(original);
    expect(next.length).toBe(original.length);
    writeFileSync(SW, next);
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });
    const reload = page.getByRole('button', { name: 'Reload to update' });
    await reload.waitFor({ timeout: 15_000 });
    expect(await page.getByRole('status').filter({ hasText: /new version/ }).textContent()).toMatch(/A new version of rnn-unfold is ready/);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'update-ready', '.app-header');

    // Work goes on under the old version until the user says so.
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await expect.poll(() => narration().textContent()).toMatch(/^t = 3,/);
    expect(await cacheNames()).toEqual(expect.arrayContaining(first));

    await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), reload.click()]);
    await narration().waitFor({ timeout: 20_000 });
    await expect.poll(() => narration().textContent()).toMatch(/^t = 3,/);
    expect(await page.getByRole('button', { name: 'Reload to update' }).count()).toBe(0);
    // The new version took over: its cache replaced the old one.
    await expect.poll(cacheNames).toHaveLength(1);
    expect((await cacheNames())[0]).not.toBe(first[0]);
    expect(errors).toEqual([]);
  });
});
