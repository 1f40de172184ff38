import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shot, startApp } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => { ({ browser, page } = await startApp(errors, inject('baseUrl'))); });

afterAll(async () => { await browser?.close(); });

const stepSlider = () => page.getByRole('slider', { name: 'Time step' });

describe('saving every step of a view for slides', () => {
  it('saves the heatmap at t = 0..T as a ZIP of PNGs with a README, and comes back to the step shown', async () => {
    const { unzipSync, strFromU8 } = await import('fflate');
    const { readFileSync } = await import('node:fs');
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    const T = Number(await stepSlider().getAttribute('aria-valuemax'));
    await page.getByRole('combobox', { name: 'View to save' }).selectOption('heatmap');
    await page.getByRole('combobox', { name: 'Steps to save' }).selectOption('every');
    await page.getByRole('combobox', { name: 'Image format' }).selectOption('png');
    await page.getByRole('combobox', { name: 'Image scale' }).selectOption('1');
    const started = Date.now();
    const [zipDownload] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Save every step' }).focus().then(() => page.keyboard.press('Enter'))]);
    const seconds = (Date.now() - started) / 1000;
    expect(zipDownload.suggestedFilename()).toBe('rnn-unfold-heatmap-steps.zip');
    const zip = readFileSync(await zipDownload.path());
    const files = unzipSync(new Uint8Array(zip));
    const pngs = Object.keys(files).filter((f) => f.endsWith('.png')).sort();
    expect(pngs).toHaveLength(T + 1);
    expect(pngs[0]).toBe('step-000.png');
    for (const f of pngs) expect(Array.from(files[f].subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // The pictures differ from step to step: the heatmap fills in.
    expect(Buffer.from(files[pngs[0]]).equals(Buffer.from(files[pngs.at(-1)!]))).toBe(false);
    expect(strFromU8(files['README.txt'])).toMatch(/rnn-unfold 0\.1\.0/);
    expect(await stepSlider().getAttribute('aria-valuenow')).toBe('2');
    console.log(`steps ZIP: ${T + 1} PNGs, ${zip.length} bytes, ${seconds.toFixed(1)} s`);
  });

  it('saves the unrolled network as a looping animated GIF with the app version in a comment', async () => {
    const { readFileSync } = await import('node:fs');
    const { readGifComment } = await import('../../src/views/ImageExport/stepsExport');
    const T = Number(await stepSlider().getAttribute('aria-valuemax'));
    await page.getByRole('combobox', { name: 'View to save' }).selectOption('unrolled');
    await page.getByRole('combobox', { name: 'Image format' }).selectOption('gif');
    const started = Date.now();
    const [gifDownload] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Save every step' }).click()]);
    const seconds = (Date.now() - started) / 1000;
    expect(gifDownload.suggestedFilename()).toBe('rnn-unfold-unrolled-steps.gif');
    const gif = new Uint8Array(readFileSync(await gifDownload.path()));
    expect(Buffer.from(gif.subarray(0, 6)).toString('latin1')).toBe('GIF89a');
    expect(readGifComment(gif)).toMatch(/Unrolled network, t = 0\.\.\d+, rnn-unfold 0\.1\.0/);
    expect(await page.getByText(new RegExp(`Saved ${T + 1} steps of Unrolled network as an animated GIF`)).count()).toBe(1);
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync('test-results/screenshots', { recursive: true });
    writeFileSync('test-results/screenshots/unrolled-steps.gif', gif);
    console.log(`steps GIF: ${T + 1} frames, ${gif.length} bytes, ${seconds.toFixed(1)} s`);
  });

  it('can be cancelled: progress shows, nothing is saved, the step comes back', async () => {
    // A long input at 4×: the export is still running when Cancel is pressed.
    await page.getByRole('textbox', { name: 'Input sequence' }).fill('hello world '.repeat(12).trim());
    await expect.poll(() => stepSlider().getAttribute('aria-valuemax')).toBe('143');
    await page.getByRole('combobox', { name: 'Image format' }).selectOption('png');
    await page.getByRole('combobox', { name: 'Image scale' }).selectOption('4');
    let downloaded = false;
    page.on('download', () => { downloaded = true; });
    await page.getByRole('button', { name: 'Save every step' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('progressbar', { name: 'Export progress' }).waitFor();
    await shot(page, 'steps-export-progress', 'fieldset.image-export');
    // The keyboard follows the swap: Save → Cancel → Save.
    await page.waitForFunction(() => document.activeElement?.textContent === 'Cancel export');
    await page.keyboard.press('Enter');
    await page.getByText('Export cancelled; nothing was saved.').waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Save every step');
    expect(downloaded).toBe(false);
    expect(await stepSlider().getAttribute('aria-valuenow')).toBe('2');
    expect(errors).toEqual([]);
  });
});
