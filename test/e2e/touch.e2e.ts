import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openApp, shot } from './browser';

// A phone held upright: 390×844 CSS pixels, touch only.
let browser: Browser;
let page: Page;
let cdp: CDPSession;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  cdp = await context.newCDPSession(page);
  await openApp(page, `${inject('baseUrl')}#v=1&in=hello%20world&t=1`);
});

afterAll(async () => { await browser?.close(); });

const slider = () => page.getByRole('slider', { name: 'Time step' });
const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
  cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });

describe('touch on a phone', () => {
  it('a finger dragged across the unrolled columns scrubs through the steps', async () => {
    const figure = page.getByRole('figure', { name: 'Unrolled network' });
    await figure.scrollIntoViewIfNeeded();
    expect(await slider().inputValue()).toBe('1');
    const box = (await figure.boundingBox())!;
    const width = Number(await figure.getAttribute('width'));
    // Column t is drawn at x = 64 + 96·t in the figure's own units (viz/layoutUnrolled.ts).
    const columnX = (t: number) => box.x + (64 + 96 * t) * (box.width / width);
    const y = box.y + box.height / 2;
    await touch('touchStart', columnX(1), y);
    await touch('touchMove', columnX(1.6), y);
    await expect.poll(() => slider().inputValue()).toBe('2');
    await touch('touchMove', columnX(2.9), y);
    await touch('touchEnd', columnX(2.9), y);
    await expect.poll(() => slider().inputValue()).toBe('3');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^t = / }).textContent()).toMatch(/^t = 3, input 'l'/);
    // A vertical swipe is left to the page: it scrolls, the step stays.
    const before = await page.evaluate(() => window.scrollY);
    const box2 = (await figure.boundingBox())!;
    await touch('touchStart', box2.x + 100, box2.y + box2.height - 20);
    for (let k = 1; k <= 5; k++) await touch('touchMove', box2.x + 100, box2.y + box2.height - 20 - 40 * k);
    await touch('touchEnd', box2.x + 100, box2.y + box2.height - 220);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before);
    expect(await slider().inputValue()).toBe('3');
    await shot(page, 'phone-390-scrubbed', undefined, false);
    expect(errors).toEqual([]);
  });
});
