/**
 * Faults in the built app: the engine worker is killed from outside (Playwright evaluates `self.close()` inside the
 * worker, which ends it with no event, like `terminate()`; or throws an uncaught error there), and a user path that
 * makes the trace overflow float32. No hook is built into the app for this: the bridge must notice on its own.
 */
import type { Browser, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { shot, startApp } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
/** The uncaught error this suite throws inside the worker on purpose. */
const INJECTED = 'engine fault injected by the e2e test';
const NOTICE = 'The engine stopped and was restarted; your model and input were restored.';

beforeAll(async () => { ({ browser, page } = await startApp(errors, inject('baseUrl'))); });

afterAll(async () => { await browser?.close(); });

/** The engine workers alive now. */
const engineWorkers = (): Worker[] => page.workers().filter((w) => /engine\.worker/.test(w.url()));
const narration = () => page.getByRole('status').filter({ hasText: /^t = / }).textContent();
const slider = () => page.getByRole('slider', { name: 'Time step' });
const input = () => page.getByRole('textbox', { name: 'Input sequence' });
const notice = () => page.locator('.engine-notice');
const activation = () => page.getByRole('group', { name: 'Model', exact: true }).getByRole('combobox', { name: 'Activation', exact: true });

/** Back to t = 0 (Reset is disabled there already). */
async function toStart(): Promise<void> {
  const reset = page.getByRole('button', { name: 'Reset', exact: true });
  if (await reset.isEnabled()) await reset.click();
  await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('0');
}

/** Runs `fn` in the current engine worker on its next task (so the evaluate call itself returns first). */
async function inWorker(fn: string): Promise<Worker> {
  const [w] = engineWorkers();
  expect(w).toBeDefined();
  await w.evaluate((body) => { setTimeout(() => (globalThis as unknown as Record<string, () => void>)[body](), 0); }, fn);
  return w;
}

/** Resolves once `w` is gone and a new engine worker runs; returns how long that took. */
async function replaced(w: Worker): Promise<number> {
  const t0 = Date.now();
  await expect.poll(() => engineWorkers().length === 1 && engineWorkers()[0] !== w, { timeout: 10_000 }).toBe(true);
  return Date.now() - t0;
}

describe('the engine worker dies in Chromium', () => {
  it('terminated silently: a new worker, the same model, input, step and narration, one notice', async () => {
    await input().fill('hello wor');
    await toStart();
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    const before = await narration();
    expect(before).toMatch(/^t = 4, input 'l', ‖h‖ = /);
    const t0 = Date.now();
    const w = await inWorker('close');
    await notice().getByText(NOTICE).waitFor({ timeout: 10_000 });
    const noticed = Date.now() - t0;
    await replaced(w);
    // Restored: the same text, step and numbers (the narration prints ‖h‖ and the two most active units).
    expect(await input().inputValue()).toBe('hello wor');
    expect(await slider().getAttribute('aria-valuenow')).toBe('4');
    await expect.poll(() => narration()).toBe(before);
    expect(await page.getByText(NOTICE).count()).toBe(1);
    // Stepping and tracing work on the new worker.
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await narration()).toMatch(/^t = 5, input 'o'/);
    await input().fill('hello world');
    await expect.poll(() => page.getByRole('figure', { name: 'Hidden state heatmap' }).locator('desc').textContent()).toMatch(/by 11 steps/);
    await shot(page, 'engine-restarted', '.status-line');
    console.log(`worker death noticed and the notice shown ${noticed} ms after self.close()`);
    await notice().getByRole('button', { name: 'Dismiss' }).click();
    expect(await notice().count()).toBe(0);
  });

  it('an uncaught error in the worker: restarted the same way, and the page reports no error of its own', async () => {
    const [w] = engineWorkers();
    await w.evaluate((msg) => { setTimeout(() => { throw new Error(msg); }, 0); }, INJECTED);
    await notice().getByText(NOTICE).waitFor({ timeout: 10_000 });
    await replaced(w);
    expect(await input().inputValue()).toBe('hello world');
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await narration()).toMatch(/^t = 6, input ' '/);
    await notice().getByRole('button', { name: 'Dismiss' }).click();
  });

  it('while training: training stops with the weights the app holds, and says so', async () => {
    const panel = page.locator('section[aria-labelledby="training-title"]');
    await panel.getByRole('spinbutton', { name: 'Training steps' }).fill('100000');
    await panel.getByRole('button', { name: 'Train', exact: true }).click();
    await panel.getByRole('button', { name: 'Pause training' }).waitFor();
    await expect.poll(async () => /Latest loss \S+ at step [\d,]+/.test((await panel.getByRole('img', { name: 'Loss curve' }).locator('desc').textContent()) ?? ''), { timeout: 20_000 }).toBe(true);
    const w = await inWorker('close');
    await panel.getByText(/^Training stopped at step [\d,]+: the engine stopped and was restarted\. Those weights, the last the app received, are kept/).waitFor({ timeout: 10_000 });
    await replaced(w);
    await panel.getByRole('button', { name: 'Train', exact: true }).waitFor();
    expect(await notice().textContent()).toMatch(/^The engine stopped and was restarted; your model and input were restored\. Training stopped at step [\d,]+; those weights are kept\./);
    // The views still work with the kept weights.
    await toStart();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await narration()).toMatch(/^t = 1, input 'h'/);
    await notice().getByRole('button', { name: 'Dismiss' }).click();
  });
});

describe('numerical faults in Chromium', () => {
  it('an identity RNN fed numbers near float32\'s limit: the first non-finite value is named and its cells crossed out', async () => {
    await page.getByRole('radio', { name: 'Numbers' }).check();
    await expect.poll(() => input().inputValue(), { timeout: 20_000 }).toMatch(/^0\n/);
    await activation().selectOption('identity');
    await page.getByRole('dialog', { name: 'Replace the trained model?' }).getByRole('button', { name: 'Replace model' }).click();
    await expect.poll(() => activation().inputValue()).toBe('identity');
    await page.waitForFunction(() => !document.querySelector('.status-line .note'), null, { timeout: 20_000 });
    await input().fill(Array(6).fill('3e38').join('\n'));
    await page.getByText(/^Not a finite number: logits at t = 2, unit 1 is Infinity\./).waitFor({ timeout: 10_000 });
    await toStart();
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    const hidden = page.getByRole('figure', { name: 'Hidden state heatmap' });
    const marked = await hidden.getByTestId('non-finite-cell').count();
    expect(marked).toBeGreaterThan(0);
    expect(await hidden.getByText(`✕ ${marked} cells not finite (NaN or ±∞)`).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Output heatmap' }).getByTestId('non-finite-cell').count()).toBeGreaterThan(0);
    await shot(page, 'non-finite-cells', '.heatmaps');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('left no page error or console error behind', () => {
    expect(errors.filter((e) => !e.includes(INJECTED))).toEqual([]);
  });
});
