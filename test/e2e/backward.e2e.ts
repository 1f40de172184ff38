import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { shot, startApp } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => { ({ browser, page } = await startApp(errors, inject('baseUrl'))); });

afterAll(async () => { await browser?.close(); });

const backwardSlider = () => page.getByRole('slider', { name: 'Backward step' });
const narration = () => page.locator('.backward-narration').textContent();
const term = async (name: string) => Number(await page.locator(`table[aria-label="Backward terms of the selected unit"] td[data-term="${name}"]`).textContent());

describe('BPTT step by step in Chromium', () => {
  it('enters backward mode after a forward pass of "hello" and starts at t = T', async () => {
    await page.getByRole('textbox', { name: 'Input sequence' }).fill('hello');
    await expect.poll(() => page.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuemax')).toBe('5');
    await page.getByRole('checkbox', { name: 'Backward mode' }).check();
    await page.getByRole('img', { name: 'Gradient flow' }).waitFor({ timeout: 20_000 });
    expect(await backwardSlider().getAttribute('aria-valuetext')).toBe('t = 5 of 5');
    // The forward pass is complete: the forward cursor sits at T.
    expect(await page.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuenow')).toBe('5');
    expect(await narration()).toMatch(/^Backward step t = 5 of 5, input 'o', no target: ‖∂L\/∂o_5‖ = 0 enters/);
    expect(await page.getByText(/ignore_index −100/).count()).toBe(1);
  });

  it('steps back in time three times and shows step 2 in the graph, the formula, the accumulators and the chart', async () => {
    const back = page.getByRole('button', { name: 'Step back in time' });
    for (let i = 0; i < 3; i++) await back.click();
    expect(await backwardSlider().getAttribute('aria-valuetext')).toBe('t = 2 of 5');
    expect(await narration()).toMatch(/^Backward step t = 2 of 5, input 'e', target 'l': ‖∂L\/∂o_2‖ = [\d.e-]+ enters at the output; ‖∂L\/∂h_2‖ = /);
    const unrolled = page.getByRole('figure', { name: 'Unrolled network' });
    expect(await unrolled.locator('desc').textContent()).toMatch(/^Backward pass: steps 5 down to 2 back-propagated/);
    // Columns 2..5 carry gradient marks (their lane dots), column 1 does not yet.
    expect(await unrolled.locator('.backward-layer > g').count()).toBe(3 + 4);
    expect(await page.getByRole('img', { name: 'Gradient accumulators' }).locator('desc').textContent()).toMatch(/^After back-propagating steps 5 down to 2 \(4 of 5\): ‖∂L\/∂U‖ so far/);
    expect(await page.getByRole('img', { name: 'Gradient flow' }).locator('desc').textContent()).toMatch(/^‖∂L\/∂h_t‖ for t = 1 to 5: .*Backward step t = 2\.$/);
    // The formula panel: δ_t = σ'(a_t)·(Wᵀδ_{t+1} + Vᵀ∂L/∂o_t), each number as the engine computed it.
    await page.getByRole('heading', { name: 'Backward step t = 2' }).waitFor();
    const [above, next, dh, slope, delta] = [await term('from-above'), await term('from-next'), await term('dh'), await term('slope'), await term('delta')];
    expect(Math.abs(above + next - dh)).toBeLessThanOrEqual(1e-3 * (Math.abs(above) + Math.abs(next)) + 1e-9);
    expect(Math.abs(slope * dh - delta)).toBeLessThanOrEqual(1e-3 * Math.abs(delta) + 1e-9);
    expect(slope).toBeGreaterThan(0);
    await shot(page, 'backward');
    await shot(page, 'backward-unrolled', '.backward-unrolled');
    await shot(page, 'backward-chart', 'svg[aria-label="Gradient flow"]');
    await shot(page, 'backward-formula', '.backward-formula');
    await shot(page, 'backward-panel', 'section[aria-labelledby="backward-title"]');
  });

  it('has keys of its own inside the panel, and leaves the forward cursor alone', async () => {
    await page.getByRole('button', { name: 'Step forward in time' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await backwardSlider().getAttribute('aria-valuetext')).toBe('t = 1 of 5');
    await page.keyboard.press('Home');
    expect(await backwardSlider().getAttribute('aria-valuetext')).toBe('t = 5 of 5');
    await page.keyboard.press('End');
    expect(await backwardSlider().getAttribute('aria-valuetext')).toBe('t = 1 of 5');
    await page.keyboard.press('ArrowRight');
    expect(await backwardSlider().getAttribute('aria-valuetext')).toBe('t = 2 of 5');
    expect(await page.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuenow')).toBe('5');
  });

  it('has no axe-core WCAG A/AA violation in backward mode', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('back-propagates an LSTM through the full state (h, c)', async () => {
    await page.getByRole('combobox', { name: 'Cell type' }).selectOption('lstm');
    await page.getByRole('dialog', { name: 'Replace the trained model?' }).getByRole('button', { name: 'Replace model' }).click();
    await page.getByRole('img', { name: 'Cell state heatmap' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('table[aria-label="Backward terms of the selected unit"] td[data-term="dc"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByRole('img', { name: 'Gradient flow' }).textContent()).toContain('full state (h, c)');
    // A new pass starts again at t = T, where nothing has a target; one step back the numbers are not all 0.
    expect(await backwardSlider().getAttribute('aria-valuetext')).toBe('t = 5 of 5');
    await page.getByRole('button', { name: 'Step back in time' }).click();
    await page.getByRole('heading', { name: 'Backward step t = 4' }).waitFor();
    expect(await term('dh')).not.toBe(0);
    expect(await term('dc')).not.toBe(0);
    const [above, next, dh] = [await term('from-above'), await term('from-next'), await term('dh')];
    expect(Math.abs(above + next - dh)).toBeLessThanOrEqual(1e-3 * (Math.abs(above) + Math.abs(next)) + 1e-9);
    await shot(page, 'backward-lstm');
    await shot(page, 'backward-lstm-unrolled', '.backward-unrolled');
    await shot(page, 'backward-lstm-formula', '.backward-formula');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('turns off and leaves the forward views as they were', async () => {
    await page.getByRole('checkbox', { name: 'Backward mode' }).uncheck();
    expect(await page.getByRole('img', { name: 'Gradient flow' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Fold into one neuron' }).count()).toBe(1);
    expect(await page.getByRole('figure', { name: 'Unrolled network' }).locator('desc').textContent()).toMatch(/^5 steps, 5 computed/);
    expect(errors).toEqual([]);
  });
});
