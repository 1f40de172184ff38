import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { launch, shot } from './browser';
import { readFileSync } from 'node:fs';
import { encodeTextInput } from '../../src/bridge/textTask';
import { parseNative } from '../../src/engine/io/native';
import { unroll } from '../../src/engine/unroll';

let browser: Browser;
let page: Page;
const requests: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  const base = new URL(inject('baseUrl'));
  page.on('request', (r) => { if (new URL(r.url()).origin !== base.origin && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) requests.push(r.url()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(inject('baseUrl'));
  // First open: the worker trains the default model, then the input is traced.
  await page.getByRole('status').filter({ hasText: 't = 0' }).waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !(document.querySelector('.step-controls button:nth-child(3)') as HTMLButtonElement | null)?.disabled, null, { timeout: 20_000 });
});

afterAll(async () => { await browser?.close(); });

const slider = () => page.getByRole('slider', { name: 'Time step' });

describe('stepping through a typed word in Chromium', () => {
  it('opens on a trained model at t = 0', async () => {
    expect(await slider().getAttribute('aria-valuenow')).toBe('0');
    await expect.poll(() => page.getByText(/Trained to predict the next character/).count()).toBe(1);
    await shot(page, 'first-open');
  });

  it('steps through "hello" three times and shows step 3 in every view', async () => {
    const input = page.getByRole('textbox', { name: 'Input sequence' });
    await input.fill('hello');
    await expect.poll(() => slider().getAttribute('aria-valuemax')).toBe('5');
    const forward = page.getByRole('button', { name: 'Step forward', exact: true });
    for (let i = 0; i < 3; i++) await forward.click();
    expect(await slider().getAttribute('aria-valuenow')).toBe('3');
    expect(await page.getByRole('status').filter({ hasText: /^t = / }).textContent()).toMatch(/^t = 3, input 'l', ‖h‖ = \d+\.\d\d/);
    expect(await page.getByRole('figure', { name: 'Hidden state heatmap' }).locator('desc').textContent()).toMatch(/3 filled/);
    // The canvas itself: its bitmap holds every step (one pixel per cell), and a curtain in the page's colour covers
    // columns 4–5, still to run, from the end of column 3 to the end of the grid (inside the box, which clips it).
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector('.heatmaps canvas') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const box = canvas.parentElement!;
      const curtain = box.querySelector('.heat-curtain')!;
      const alpha = [0, 1, 2, 3, 4].map((c) => ctx.getImageData(c, Math.floor(canvas.height / 2), 1, 1).data[3]);
      const c = canvas.getBoundingClientRect(), k = curtain.getBoundingClientRect();
      return {
        width: canvas.width, alpha, shownCols: (5 * (k.left - c.left)) / c.width, coversTheRest: k.right >= c.right && k.top <= c.top && k.bottom >= c.bottom,
        curtain: getComputedStyle(curtain).backgroundColor, overflow: getComputedStyle(box).overflow,
      };
    });
    expect(painted).toEqual({ width: 5, alpha: [255, 255, 255, 255, 255], shownCols: 3, coversTheRest: true, curtain: 'rgb(255, 255, 255)', overflow: 'hidden' });
    // The formula panel's numbers add up: input + recurrent + bias = pre-activation, tanh(pre) = value.
    const cell = async (term: string) => Number(await page.locator(`table[aria-label="Terms of the selected unit"] td[data-term="${term}"]`).first().textContent());
    const [a, b, c, pre, value] = [await cell('input'), await cell('recurrent'), await cell('bias'), await cell('pre'), await cell('value')];
    expect(Math.abs(a + b + c - pre)).toBeLessThan(2e-3);
    expect(Math.abs(Math.tanh(pre) - value)).toBeLessThan(2e-3);
    // ...and equal the engine's trace: the model exported from the page (Export, native JSON), traced again here in
    // Node by the same engine, at step 3 and the selected unit (the panel writes three decimals).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    const { model } = parseNative(JSON.parse(readFileSync(await download.path(), 'utf8')), 'float32');
    const x = encodeTextInput(model, 'hello').samples[0] as Float32Array;
    const layer = unroll(model, { n: 1, T: 5, x, tokens: null, lengths: null, h0: null, c0: null }).layers[0];
    const H = model.config.hiddenSize, j = Number(await page.getByRole('spinbutton', { name: 'Selected unit' }).inputValue()) - 1;
    const k = 2 * H + j; // step 3 (0-based 2), unit j
    expect(a).toBeCloseTo(layer.ih[k], 3);
    expect(b).toBeCloseTo(layer.hh[k], 3);
    expect(c).toBeCloseTo(layer.pre[k] - layer.ih[k] - layer.hh[k], 3);
    expect(pre).toBeCloseTo(layer.pre[k], 3);
    expect(value).toBeCloseTo(layer.h[k], 3);
    await shot(page, 'step-3');
    // What a newcomer sees first (the README's picture): the top of the page, as on a 1440×1000 screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'overview', undefined, false);
    await shot(page, 'unrolled-step-3', 'svg[aria-label="Unrolled network"]');
    await shot(page, 'folded-step-3', 'svg[aria-label="Recurrent neuron"]');
    await shot(page, 'heatmap-step-3', '.heatmaps');
  });

  it('steps back with the left arrow key', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowLeft');
    expect(await slider().getAttribute('aria-valuenow')).toBe('2');
  });

  it('plays to the end', async () => {
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => slider().getAttribute('aria-valuenow'), { timeout: 10_000 }).toBe('5');
    expect(await page.getByRole('button', { name: 'Play', exact: true }).isVisible()).toBe(true);
  });

  it('refuses characters outside the vocabulary with a message naming them, keeping the last trace', async () => {
    await page.getByRole('textbox', { name: 'Input sequence' }).fill('héllo');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/"é"/);
    expect(await slider().getAttribute('aria-valuemax')).toBe('5');
  });

  it('retrains as an LSTM and opens the cell to show its gates and cell state', async () => {
    await page.getByRole('textbox', { name: 'Input sequence' }).fill('hello world');
    await page.getByRole('combobox', { name: 'Cell type' }).selectOption('lstm');
    await page.getByRole('dialog', { name: 'Replace the trained model?' }).getByRole('button', { name: 'Replace model' }).click();
    await page.getByRole('img', { name: 'Cell state heatmap' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await slider().getAttribute('aria-valuenow')).toBe('6');
    const folded = page.getByRole('figure', { name: 'Recurrent neuron' });
    for (const g of ['i', 'f', 'g', 'o']) expect(await folded.getByText(g, { exact: true }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /^Gate f/ }).count()).toBe(1);
    // Every heatmap's row labels (h1…, c1…, i1…) stand clear of each other.
    const overlaps = await page.evaluate(() => Array.from(document.querySelectorAll('.heatmaps svg')).flatMap((svg) => {
      const labels = Array.from(svg.querySelectorAll('text')).filter((t) => /^[a-z]\d+$/.test(t.textContent ?? '')).map((t) => t.getBoundingClientRect());
      return labels.slice(1).filter((b, k) => b.top < labels[k].bottom - 0.5).map(() => svg.getAttribute('aria-label'));
    }));
    expect(overlaps).toEqual([]);
    await shot(page, 'lstm-step-6');
  });

  it('has no axe-core WCAG A/AA violation, with the RNN and with the LSTM open', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('made no request to another origin and logged no error', () => {
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('numbers in Chromium', () => {
  it('switches to numbers, forecasts a sine and steps through it', async () => {
    await page.getByRole('radio', { name: 'Numbers' }).check();
    await expect.poll(() => page.getByText(/Trained to predict the next value/).count(), { timeout: 20_000 }).toBe(1);
    expect(await slider().getAttribute('aria-valuenow')).toBe('0');
    for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await page.getByRole('status').filter({ hasText: /^t = / }).textContent()).toMatch(/^t = 8, input '0\.81', ‖h‖ = /);
    await shot(page, 'numbers-step-8');
    expect(await axeViolations(page)).toEqual([]);
  });
});
