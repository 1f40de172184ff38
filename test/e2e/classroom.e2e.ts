import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { launch, shot } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  // A classroom projector.
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${inject('baseUrl')}#v=1&in=hello&t=3`);
  await page.getByText(/Trained to predict the next character/).waitFor({ timeout: 20_000 });
});

afterAll(async () => { await browser?.close(); });

describe('keyboard path from a fresh load', () => {
  it('the first Tab shows a skip link; Enter jumps past the header, keeping the link in the address bar', async () => {
    const hash = await page.evaluate(() => window.location.hash);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    // Shown on the screen while focused (it hides above the page otherwise), with the focus ring.
    const box = (await skip.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await shot(page, 'skip-link', undefined, false);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lessons');
    expect(await page.evaluate(() => window.location.hash)).toBe(hash);
  });
});

describe('reduced motion', () => {
  it('the fold into one neuron animates, and does not when the system asks for reduced motion', async () => {
    const duration = () => page.locator('.fold-anim').first().evaluate((el) => getComputedStyle(el).transitionDuration);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await duration()).toBe('0.7s, 0.7s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await duration()).toBe('0s');
    // Folding still works, at once.
    await page.getByRole('button', { name: 'Fold into one neuron' }).click();
    await page.getByRole('button', { name: 'Unfold over time' }).click();
    await page.emulateMedia({ reducedMotion: null });
  });

  it('a step starts no CSS transition (each would repaint the drawing every frame for 0.7 s); folding does', async () => {
    const transitions = async (act: () => Promise<void>) => {
      await page.evaluate(() => {
        const w = window as unknown as { runs: number };
        w.runs = 0;
        document.addEventListener('transitionrun', () => { w.runs++; });
      });
      await act();
      await page.waitForTimeout(100);
      return page.evaluate(() => (window as unknown as { runs: number }).runs);
    };
    await page.getByRole('figure', { name: 'Unrolled network' }).scrollIntoViewIfNeeded();
    const slider = page.getByRole('slider', { name: 'Time step' });
    await slider.focus();
    expect(await transitions(async () => { for (const k of ['ArrowRight', 'ArrowRight', 'ArrowLeft']) await page.keyboard.press(k); })).toBe(0);
    expect(await transitions(() => page.getByRole('button', { name: 'Fold into one neuron' }).click())).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Unfold over time' }).click();
  });
});

describe('projector mode and themes in Chromium', () => {
  it('projector mode enlarges the page, hides the secondary panels, and goes into the link', async () => {
    const before = await page.getByRole('figure', { name: 'Unrolled network' }).boundingBox();
    await page.getByRole('button', { name: 'Projector mode' }).click();
    expect(await page.getByRole('button', { name: 'Projector mode' }).getAttribute('aria-pressed')).toBe('true');
    const after = await page.getByRole('figure', { name: 'Unrolled network' }).boundingBox();
    expect(after!.height).toBeGreaterThan(before!.height * 1.2);
    expect(await page.getByRole('heading', { name: 'Training' }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/(^|&)proj=1(&|$)/);
    // Nothing pushes the page sideways on the projector (the formula's tables scroll inside their panel).
    await page.getByRole('table', { name: 'Terms of the selected unit' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'projector-1280x720');
    expect(await axeViolations(page)).toEqual([]);
  });

  for (const theme of ['dark', 'contrast'] as const) {
    it(`the ${theme} theme passes axe and keeps the figures readable`, async () => {
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      // The drawings follow the theme: boxes on the page's background, labels in the theme's ink.
      const colours = await page.evaluate(() => {
        const svg = document.querySelector('svg.unrolled')!;
        const boxes = [...svg.querySelectorAll('rect[rx]')].map((r) => getComputedStyle(r).fill);
        const labels = [...svg.querySelectorAll('text.matrix-label')].map((t) => getComputedStyle(t).fill);
        return { boxes: [...new Set(boxes)], labels: [...new Set(labels)] };
      });
      const readable = theme === 'dark'
        ? colours.boxes.length > 0 && !colours.boxes.includes('rgb(255, 255, 255)')
        : colours.labels.length > 0 && colours.labels.every((c) => ['rgb(0, 0, 0)', 'rgb(31, 31, 31)'].includes(c));
      expect({ theme, readable, colours }).toMatchObject({ readable: true });
      await shot(page, `theme-${theme}`);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

describe('a 360 px phone', () => {
  it('lays the views out in one column with no sideways scrolling of the page', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await phone.goto(`${inject('baseUrl')}#v=1&in=hello&t=3`);
    await phone.getByText(/Trained to predict the next character/).waitFor({ timeout: 20_000 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const folded = await phone.getByRole('figure', { name: 'Recurrent neuron' }).boundingBox();
    expect(folded!.x + folded!.width).toBeLessThanOrEqual(360);
    await phone.getByRole('button', { name: 'Step forward', exact: true }).tap().catch(() => phone.getByRole('button', { name: 'Step forward', exact: true }).click());
    expect(await phone.getByRole('slider', { name: 'Time step' }).getAttribute('aria-valuenow')).toBe('4');
    await shot(phone, 'phone-360');
    await phone.close();
  });
});

describe('dialogs', () => {
  it('the keyboard help and the confirm dialog pass axe, and Escape closes them', async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await p.goto(`${inject('baseUrl')}#v=1&in=hi`);
    await p.getByText(/Trained to predict the next character/).waitFor({ timeout: 20_000 });
    await p.locator('body').click({ position: { x: 2, y: 300 } });
    await p.keyboard.press('?');
    await p.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await axeViolations(p)).toEqual([]);
    await p.keyboard.press('Escape');
    expect(await p.getByRole('dialog').count()).toBe(0);
    await p.getByRole('combobox', { name: 'Cell type' }).selectOption('gru');
    await p.getByRole('dialog', { name: 'Replace the trained model?' }).waitFor();
    expect(await axeViolations(p)).toEqual([]);
    await p.keyboard.press('Escape');
    expect(await p.getByRole('combobox', { name: 'Cell type' }).inputValue()).toBe('rnn');
    await p.close();
  });
});
