import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { launch, shot } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => { await browser?.close(); });

const slider = () => page.getByRole('slider', { name: 'Time step' });
const ready = () => page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('.step-controls button:nth-child(3)')?.disabled, null, { timeout: 20_000 });

describe('links and saved sessions in Chromium', () => {
  it('a lesson link opens on exactly step 7 of its input, unit and notation', async () => {
    await page.goto(`${inject('baseUrl')}#v=1&cell=gru&h=6&in=hello%20world&t=7&j=3&sym=matrix&hide=lab,weights`);
    await ready();
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('7');
    expect(await page.getByRole('status').filter({ hasText: /^t = / }).textContent()).toMatch(/^t = 7, input 'w'/);
    expect(await page.getByRole('spinbutton', { name: 'Selected unit' }).inputValue()).toBe('3');
    expect(await page.getByRole('combobox', { name: 'Cell type' }).inputValue()).toBe('gru');
    expect(await page.getByRole('heading', { name: 'Vanishing and exploding gradients' }).count()).toBe(0);
    expect(await page.getByRole('figure', { name: 'Unrolled network' }).textContent()).toContain('Whh');
    await shot(page, 'link-step-7');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('keeps the link up to date as the user works', async () => {
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/(^|&)t=8(&|$)/);
  });

  it('restores the session after a reload with no link', async () => {
    await page.getByRole('textbox', { name: 'Input sequence' }).fill('held over');
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.waitForTimeout(700);
    await page.goto(inject('baseUrl'));
    await ready();
    expect(await page.getByRole('textbox', { name: 'Input sequence' }).inputValue()).toBe('held over');
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('2');
    expect(await page.getByRole('combobox', { name: 'Cell type' }).inputValue()).toBe('gru');
  });

  it('says why a tampered link cannot be opened, and keeps the saved work', async () => {
    await page.goto(`${inject('baseUrl')}#v=1&h=99999`);
    await ready();
    expect(await page.getByRole('alert').textContent()).toMatch(/This link could not be opened: .*"h"/);
    expect(await page.getByRole('textbox', { name: 'Input sequence' }).inputValue()).toBe('held over');
  });
});
