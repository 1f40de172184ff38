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
    expect(await page.getByRole('status').textContent()).toMatch(/^t = 1, input '0\.5/);
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
