import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { shot, startApp } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => { ({ browser, page } = await startApp(errors, inject('baseUrl'))); });

afterAll(async () => { await browser?.close(); });

const lab = () => page.locator('section[aria-labelledby="lab-title"]');
const reading = () => lab().locator('p.lab-reading');
/** Waits until the shown run is the one for ρ (the worker has answered the latest knob setting). */
const settled = async (rho: string) => {
  await expect.poll(() => lab().locator('p.lab-line').first().textContent(), { timeout: 10_000 }).toContain(`Measured ρ of W_hh: ${rho} `);
  await lab().locator('.lab[aria-busy="false"]').waitFor({ timeout: 10_000 });
};

describe('the gradient lab in Chromium', () => {
  it('moves the spectral radius by keyboard: identity activation vanishes below 1 and explodes above', async () => {
    await expect.poll(() => reading().textContent(), { timeout: 20_000 }).toMatch(/^The gradient from step 100 reaches step 1 multiplied by/);
    await lab().getByRole('combobox', { name: 'Nonlinearity σ of the copy' }).selectOption('identity');
    const slider = lab().getByRole('slider', { name: 'Spectral radius' });
    await slider.focus();
    // step 0.05: ten presses take ρ from 1 to 0.5, then twenty more to 1.5.
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    expect(await slider.getAttribute('aria-valuetext')).toBe('ρ = 0.50');
    await settled('0.500');
    expect(await reading().textContent()).toMatch(/multiplied by \d(\.\d)?e-\d+: it vanishes\.$/);
    await shot(page, 'lab-vanishing', 'section[aria-labelledby="lab-title"]');
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    expect(await slider.getAttribute('aria-valuetext')).toBe('ρ = 1.50');
    await settled('1.500');
    expect(await reading().textContent()).toMatch(/multiplied by \d(\.\d)?e\+\d+: it explodes\.$/);
    // The main time-step cursor did not move: the arrows belonged to the slider.
    expect(await page.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuenow')).toBe('0');
  });

  it('shows what clipping does to an exploding gradient', async () => {
    await lab().getByRole('checkbox', { name: 'Gradient clipping (max norm 1)' }).check();
    await expect.poll(() => lab().getByText(/^Clipping on \(max norm 1\): the gradient is scaled from/).count()).toBe(1);
  });

  it('refuses a sequence length of 0 at the control and keeps the plots', async () => {
    const box = lab().getByRole('spinbutton', { name: 'Length T of the sequence' });
    await box.fill('0');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await lab().getByText('The sequence length must be a whole number from 2 to 1000.').count()).toBe(1);
    expect(await lab().getByRole('img', { name: 'Gradient norm over time' }).count()).toBe(1);
    await box.fill('200');
    await expect.poll(() => reading().textContent(), { timeout: 10_000 }).toMatch(/^The gradient from step 200 /);
    await settled('1.500');
    await shot(page, 'lab', 'section[aria-labelledby="lab-title"]');
  });

  it('runs RNN versus LSTM on the delayed echo: the RNN stays at chance, the LSTM learns', async () => {
    await lab().getByRole('button', { name: 'Run comparison' }).click();
    await lab().getByRole('progressbar', { name: 'Comparison progress' }).waitFor({ timeout: 5_000 });
    // Mid-run, with the progress bar and the partial curves on screen, the page still passes axe.
    expect(await axeViolations(page)).toEqual([]);
    await lab().getByRole('img', { name: 'Loss curves, RNN and LSTM' }).waitFor({ timeout: 30_000 });
    const lines = await lab().locator('.lab-readings li').allTextContents();
    expect(lines[0]).toMatch(/^RNN: loss .* after 250 steps, \d+ % of echoes right/);
    expect(lines[1]).toMatch(/^LSTM: loss .* after 250 steps, 100 % of echoes right/);
    await shot(page, 'lab-comparison', 'section[aria-labelledby="lab-title"]');
  });

  it('has no axe-core WCAG A/AA violation and logged no error', async () => {
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
