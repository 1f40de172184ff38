import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { shot, startApp } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => { ({ browser, page } = await startApp(errors, inject('baseUrl'))); });

afterAll(async () => { await browser?.close(); });

const panel = () => page.locator('section[aria-labelledby="training-title"]');
const desc = () => panel().getByRole('img', { name: 'Loss curve' }).locator('desc').textContent();
/** The latest and the first loss, read from the chart's text alternative. */
async function losses(): Promise<{ latest: number; first: number; step: number } | null> {
  const m = /^Latest loss (\S+) at step ([\d,]+) of [\d,]+, from (\S+) at step 1\./.exec((await desc()) ?? '');
  return m ? { latest: Number(m[1]), step: Number(m[2].replace(/,/g, '')), first: Number(m[3]) } : null;
}
const readout = (name: string) => panel().locator('.training-progress div', { has: page.getByText(name, { exact: true }) }).locator('dd').textContent();

describe('training "hello world" in Chromium', () => {
  it('re-initialises after asking, trains in the worker and the loss falls while the page stays usable', async () => {
    await panel().getByRole('button', { name: 'Reset training' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset training?' });
    await dialog.getByRole('button', { name: 'Re-initialise' }).click();
    await expect.poll(() => desc()).toBe('No training steps yet: press Train to draw the loss.');
    const steps = panel().getByRole('spinbutton', { name: 'Training steps' });
    await steps.fill('100000');
    await panel().getByRole('button', { name: 'Train', exact: true }).click();
    await panel().getByRole('button', { name: 'Pause training' }).waitFor();
    // The loss falls to a tenth of where it started, with 100 % next-character accuracy.
    await expect.poll(async () => { const l = await losses(); return l !== null && l.step >= 300 && l.latest < 0.1 * l.first; }, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => readout('Accuracy'), { timeout: 10_000 }).toBe('100%');
    // The main thread answers while the worker trains: the stepping slider moves at once.
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await page.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuenow')).toBe('1');
    expect(Number((await readout('Steps per second'))!.replace(/,/g, ''))).toBeGreaterThan(100);
    await shot(page, 'training', 'section[aria-labelledby="training-title"]');
  });

  it('pauses, and the trained weights are in the views: stepping shows the next character predicted', async () => {
    await panel().getByRole('button', { name: 'Pause training' }).click();
    await panel().getByRole('button', { name: 'Train', exact: true }).waitFor();
    await expect.poll(() => panel().getByText(/^Paused at step [\d,]+ of 100,000/).count()).toBe(1);
    const input = page.getByRole('textbox', { name: 'Input sequence' });
    await input.fill('hello world');
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await page.getByRole('status').filter({ hasText: /^t = / }).textContent()).toMatch(/^t = 5, input 'o', ‖h‖ = /);
    // The output heatmap writes the predicted next character above each computed step.
    // (The marks of every step sit in one drawing under the curtain; the first five are the steps run.)
    const marks = page.getByRole('region', { name: 'Output heatmap, scrolls sideways' }).locator('svg[aria-hidden="true"] text');
    const predicted = await marks.evaluateAll((ts) => ts.slice(0, 5).map((t) => t.textContent).join(''));
    expect(predicted).toBe('ello␣');
    expect(await page.getByRole('img', { name: 'Output heatmap' }).locator('desc').textContent()).toMatch(/At t = 5 the largest is '␣'\.$/);
    expect(await page.getByRole('figure', { name: 'Hidden state heatmap' }).locator('desc').textContent()).toMatch(/5 filled/);
    await shot(page, 'training-paused');
  });

  it('generates a continuation of a prompt', async () => {
    await panel().getByRole('textbox', { name: 'Prompt' }).fill('hel');
    await panel().getByRole('spinbutton', { name: 'Characters' }).fill('8');
    await panel().getByRole('slider', { name: 'Temperature' }).fill('0.1');
    await panel().getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => panel().locator('.training-sample-out').textContent()).toBe('hello world');
  });

  it('refuses a learning rate of 0 at the control', async () => {
    const lr = panel().getByRole('spinbutton', { name: 'Learning rate' });
    await lr.fill('0');
    expect(await lr.getAttribute('aria-invalid')).toBe('true');
    expect(await panel().getByText('The learning rate must be above 0 and at most 100, e.g. 0.01.').count()).toBe(1);
    expect(await panel().getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);
    await lr.fill('0.02');
    expect(await panel().getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(false);
  });

  it('has no axe-core WCAG A/AA violation with the training panel in use', async () => {
    await panel().getByRole('checkbox', { name: 'Log scale' }).check();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'training-log', 'section[aria-labelledby="training-title"]');
  });

  it('logged no error', () => {
    expect(errors).toEqual([]);
  });
});
