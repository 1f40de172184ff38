import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { axeViolations } from './axe';
import { shot, startApp } from './browser';
import { readAs } from '../../src/views/Subscripted';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => { ({ browser, page } = await startApp(errors, null)); });

afterAll(async () => { await browser?.close(); });

const lessonPage = () => page.locator('article.lesson-page');
/** Waits until the page's state is on screen (the model built, the trace and any backward pass or lab run in). */
const settled = async () => {
  await lessonPage().and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 30_000 });
};
const slider = () => page.getByRole('slider', { name: 'Time step' });

describe('guided lessons in Chromium', () => {
  it('a lesson link opens the lesson at its page, in its state', async () => {
    await page.goto(`${inject('baseUrl')}#v=1&lesson=3&page=2`);
    await page.getByRole('heading', { name: 'Lesson 3: The hidden-state update, term by term' }).waitFor({ timeout: 20_000 });
    await settled();
    expect(await lessonPage().getByText('Page 2 of 6').count()).toBe(1);
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('2');
    // Lesson 3 shows the unrolled network and the formula, and hides the heatmap.
    expect(await page.getByRole('heading', { name: 'Hidden state over time' }).count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Terms of the selected unit' }).count()).toBe(1);
  });

  it('moves through pages, asks before it reveals, and says whether the answer was right', async () => {
    await page.getByRole('button', { name: 'Next page' }).click();
    await settled();
    await page.getByRole('button', { name: 'Next page' }).click();
    await settled();
    expect(await lessonPage().getByText('Page 4 of 6').count()).toBe(1);
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('3');
    expect(await page.getByRole('spinbutton', { name: 'Selected unit' }).inputValue()).toBe('2');
    const group = page.getByRole('group', { name: /^Predict: At t = 4, which term will be larger/ });
    await group.getByRole('radio', { name: 'The memory term' }).check();
    await page.getByRole('button', { name: 'Check answer' }).click();
    const verdict = page.locator('.lesson-verdict');
    await expect.poll(() => verdict.textContent(), { timeout: 20_000 }).toMatch(/^(Right: the answer is “The memory term”|Not quite: the answer is “The input term”)\. \(U·x4\)2 = -?\d\.\d{3} and \(W·h3\)2 = -?\d\.\d{3}\.$/);
    // The views moved on to show the answer, and the numbers agree with the formula panel's.
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('4');
    const input = await page.locator('.formula td[data-term="input"]').first().textContent();
    expect(await verdict.textContent()).toContain(`(U·x4)2 = ${input}`);
    await shot(page, 'lesson-question');
    expect(await axeViolations(page)).toEqual([]);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/&lesson=3&page=4$/);
  });

  it('switches notation on a page and shows every shape in both notations', async () => {
    await page.getByRole('button', { name: 'Next page' }).click();
    await settled();
    expect(await page.getByRole('combobox', { name: 'Symbols', exact: true }).inputValue()).toBe('matrix');
    expect(await page.getByRole('combobox', { name: 'Form', exact: true }).inputValue()).toBe('row');
    const shapes = page.getByRole('table', { name: /^Shapes of this model/ });
    expect(await shapes.getByRole('row', { name: /^input → hidden weights U 8×\d+ W_xh \d+×8$/ }).count()).toBe(1);
    expect(await page.locator('.formula').textContent()).toContain('Shapes for a batch of n sequences (row vectors)');
    // The page goes on from the revealed answer: t = 4.
    expect(await slider().getAttribute('aria-valuenow')).toBe('4');
  });

  it('completes lesson 2 with the keyboard alone, and the stepping keys still step', async () => {
    await page.getByRole('button', { name: 'Close lesson' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lessons');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('2. Unrolling and shared weights');
    await page.keyboard.press('Enter');
    await settled();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lesson 2: Unrolling and shared weights');
    // Tab to Next page: through the page's controls, in order.
    const next = async () => {
      for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Next page'; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await settled();
    };
    await next();
    await next();
    await next();
    expect(await lessonPage().getByText('Page 4 of 5').count()).toBe(1);
    // The question: Tab back into the radio group, choose with the arrows, check with Enter.
    await page.getByRole('radio', { name: 'The same' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Different' }).isChecked()).toBe(true);
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('3');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.lesson-verdict').textContent(), { timeout: 20_000 }).toMatch(/^Right: the answer is “Different”\. ‖h4 − h3‖ = \d\.\d{3}: the inputs are equal but ht−1 is not/);
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe('4');
    await next();
    expect(await lessonPage().getByText('Page 5 of 5').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Next page' }).getAttribute('aria-disabled')).toBe('true');
    // Focus stays on the lesson's buttons; ← and PageUp still step the views.
    const end = Number(await slider().getAttribute('aria-valuenow'));
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('PageUp');
    await expect.poll(() => slider().getAttribute('aria-valuenow')).toBe(String(end - 2));
    expect(await lessonPage().getByText('Page 5 of 5').count()).toBe(1);
  });

  for (const lesson of LESSONS) {
    it(`every page of lesson ${lesson.id} has no axe violations (screenshot lesson-${lesson.id})`, async () => {
      await page.getByRole('button', { name: 'Lessons' }).click();
      await page.getByRole('button', { name: `${lesson.id}. ${lesson.title}` }).click();
      await page.getByRole('heading', { name: `Lesson ${lesson.id}: ${lesson.title}` }).waitFor();
      await settled();
      expect(await lessonPage().getByText(`Page 1 of ${lesson.pages.length}`).count()).toBe(1);
      expect(await lessonPage().getByText(readAs(lesson.pages[0].text)).count()).toBe(1);
      await shot(page, `lesson-${lesson.id}`);
      expect(await axeViolations(page)).toEqual([]);
      for (let p = 2; p <= lesson.pages.length; p++) {
        await page.getByRole('button', { name: 'Next page' }).click();
        await lessonPage().getByText(`Page ${p} of ${lesson.pages.length}`).waitFor();
        await settled();
        expect(await axeViolations(page), `lesson ${lesson.id}, page ${p}`).toEqual([]);
      }
    });
  }

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
