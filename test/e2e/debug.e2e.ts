import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { shot, startApp } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => { ({ browser, page } = await startApp(errors, inject('baseUrl'))); });

afterAll(async () => { await browser?.close(); });

const panel = () => page.getByRole('region', { name: 'Debug the hidden state' });

describe('debugging hidden states in Chromium', () => {
  it('plots two units over t, ranks units like the selected one and diffs a second input', async () => {
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await panel().getByRole('group', { name: 'Units to plot' }).getByRole('checkbox', { name: 'h3' }).check();
    const plot = panel().getByRole('img', { name: 'Unit plot' });
    expect(await plot.locator('path').count()).toBe(2);
    expect(await plot.locator('desc').textContent()).toMatch(/^h1 runs from .*; h3 runs from .*at t = 4/);
    await panel().getByRole('spinbutton', { name: 'To step' }).fill('4');
    await panel().getByRole('button', { name: 'Find units like h1' }).click();
    // The ranking code loads on first use: wait for the table.
    await expect.poll(() => panel().getByRole('table', { name: 'Units like h1' }).getByRole('row').count()).toBe(8);
    await panel().getByRole('textbox', { name: 'Second input' }).fill('hello there');
    await panel().getByRole('button', { name: 'Compare with input' }).click();
    await panel().getByText(/First step where they diverge by more than ε = 0\.01: t = 7/).first().waitFor({ timeout: 10_000 });
    expect(await panel().getByRole('img', { name: /^Δh heatmap/ }).count()).toBe(1);
    await shot(page, 'debug-tools', 'section[aria-labelledby="debug-title"]');
  });

  it('a step moves the unit plot\'s mark and writes nothing to its checkboxes or lines', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { plotWrites: MutationRecord[]; plotWatch: MutationObserver };
      w.plotWrites = [];
      w.plotWatch = new MutationObserver((list) => { w.plotWrites.push(...list); });
      const units = document.querySelector('[aria-label="Units to plot"], .debug-units')!;
      w.plotWatch.observe(units, { subtree: true, attributes: true, childList: true });
      for (const p of document.querySelectorAll('[aria-label="Unit plot"] path')) w.plotWatch.observe(p, { attributes: true, attributeFilter: ['d'] });
    });
    const mark = () => panel().getByRole('img', { name: 'Unit plot' }).locator('text').filter({ hasText: /^t = \d+$/ }).textContent();
    const before = await mark();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await expect.poll(mark).not.toBe(before);
    expect(await page.evaluate(() => (window as unknown as { plotWrites: MutationRecord[] }).plotWrites.map((m) => `${m.type} ${m.attributeName}`))).toEqual([]);
  });

  it('names the problem of a trace file of another hidden size', async () => {
    await panel().getByLabel('Trace file (JSON)').setInputFiles({ name: 'small.json', mimeType: 'application/json', buffer: Buffer.from('{"h": [[[0.5, 0.25]]]}') });
    expect(await panel().getByRole('alert').textContent()).toMatch(/^small\.json: its hidden size is H = 2; the model's is H = 8\./);
  });

  it('has no axe-core WCAG A/AA violation and logged no error', async () => {
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
