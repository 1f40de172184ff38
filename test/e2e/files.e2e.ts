import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { launch, shot } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(inject('baseUrl'));
  await page.getByText(/Trained to predict the next character/).waitFor({ timeout: 20_000 });
});

afterAll(async () => { await browser?.close(); });

describe('bringing a model saved from PyTorch into the browser', () => {
  it('imports a 2-layer RNN saved as BF16 safetensors, shows its summary and steps through numbers', async () => {
    await page.getByLabel('Model file', { exact: true }).setInputFiles('test/fixtures/pytorch-saved/rnn_tanh_2layers_bf16.safetensors');
    const summary = page.getByText(/rnn_tanh_2layers_bf16\.safetensors \(safetensors\)/);
    await summary.waitFor({ timeout: 20_000 });
    expect(await summary.textContent()).toMatch(/RNN, 2 layers/);
    // The model reads several numbers per step: give it rows of that many columns.
    const D = Number((await summary.textContent())!.match(/input (\d+)/)![1]);
    await page.getByRole('textbox', { name: 'Input sequence' }).fill(['0.5', '-0.25', '1'].map((v) => Array(D).fill(v).join(', ')).join('\n'));
    await expect.poll(() => page.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuemax')).toBe('3');
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    expect(await page.getByRole('status').filter({ hasText: /^t = / }).textContent()).toMatch(/^t = 1, input '0\.5/);
    expect(await page.getByRole('combobox', { name: 'Layer shown' }).inputValue()).toBe('1');
    await shot(page, 'imported-model');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refuses a .pt pickle with the two lines that save safetensors, keeping the model', async () => {
    await page.getByLabel('Model file', { exact: true }).setInputFiles({ name: 'model.pt', mimeType: 'application/octet-stream', buffer: Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00]) });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/save_file/);
    expect(await page.getByText(/rnn_tanh_2layers_bf16\.safetensors/).count()).toBe(1);
  });

  it('exports the model as JSON through a download (Export)', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^rnn-unfold-rnn-h\d+\.json$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.format).toBe('rnn-unfold-model');
    expect(file.appVersion).toBe('0.1.0');
  });
});

describe('saving views as images', () => {
  it('saves the unrolled network as an SVG the browser renders, and the heatmap as a 2x PNG', async () => {
    await page.getByRole('radio', { name: 'Text' }).check();
    await page.getByText(/Trained to predict the next character/).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.getByRole('combobox', { name: 'View to save' }).selectOption('unrolled');
    await page.getByRole('combobox', { name: 'Image format' }).selectOption('svg');
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save image' }).click()]);
    expect(svgDownload.suggestedFilename()).toBe('rnn-unfold-unrolled.svg');
    const { readFileSync } = await import('node:fs');
    const svg = readFileSync(await svgDownload.path(), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // Valid SVG that a browser renders: parsed without error and drawn at its size.
    const rendered = await page.evaluate(async (text) => {
      const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
      if (parsed.querySelector('parsererror')) return { ok: false, w: 0 };
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      await img.decode();
      return { ok: true, w: img.naturalWidth };
    }, svg);
    expect(rendered.ok).toBe(true);
    expect(rendered.w).toBeGreaterThan(300);

    await page.getByRole('combobox', { name: 'View to save' }).selectOption('heatmap');
    await page.getByRole('combobox', { name: 'Image format' }).selectOption('png');
    await page.getByRole('combobox', { name: 'Image scale' }).selectOption('2');
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save image' }).click()]);
    expect(pngDownload.suggestedFilename()).toBe('rnn-unfold-heatmap@2x.png');
    const png = readFileSync(await pngDownload.path());
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThan(400);
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync('test-results/screenshots', { recursive: true });
    writeFileSync('test-results/screenshots/exported-heatmap.png', png);
    await shot(page, 'image-export');
  });
});
