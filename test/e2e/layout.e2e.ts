/**
 * Page layout in Chromium. A lesson page and the drawings it shows fit one 1280×720 screen, with and without projector
 * mode: the lesson's heading, text, question and page buttons and each shown view's drawing lie inside the viewport
 * (getBoundingClientRect), at no less than half their usual size. On 1920×1080 and 3840×2160 the three main views
 * use the width, and no page scrolls sideways; a 1440×900 screen keeps the neuron and the unrolled network side by
 * side, and a 360 px phone keeps one column.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LESSONS, stateOf } from '../../src/lessons/lessons';
import { launch, shot } from './browser';

let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** A box as [left, top, right, bottom], in CSS pixels of the viewport. */
type Box = [number, number, number, number];

/** The boxes of every element matching each selector (null when there is none), and the viewport's size. */
async function boxes(page: Page, selectors: Record<string, string>): Promise<{ w: number; h: number; scrollW: number; at: Record<string, Box | null> }> {
  return page.evaluate((sel) => {
    const at: Record<string, [number, number, number, number] | null> = {};
    for (const [k, s] of Object.entries(sel)) {
      const e = document.querySelector(s);
      const r = e?.getBoundingClientRect();
      at[k] = r ? [r.left, r.top, r.right, r.bottom] : null;
    }
    return { w: window.innerWidth, h: window.innerHeight, scrollW: document.documentElement.scrollWidth, at };
  }, selectors);
}

/** Whether `b` lies inside a w × h viewport (half a pixel of rounding either way). */
const inside = (b: Box, w: number, h: number) => b[0] >= -0.5 && b[1] >= -0.5 && b[2] <= w + 0.5 && b[3] <= h + 0.5;

/** The drawing of each view a lesson can show, and the least size it keeps beside a lesson (half its usual one). */
const DRAWINGS = {
  folded: { selector: 'svg.folded', least: (b: Box) => b[2] - b[0] >= 190 },
  unrolled: { selector: '.unrolled-scroll', least: (b: Box) => b[3] - b[1] >= 156 },
  heatmap: { selector: '[role="figure"][aria-label="Hidden state heatmap"]', least: (b: Box) => b[3] - b[1] >= 100 },
} as const;

const LESSON_PARTS = {
  heading: '#lesson-title',
  text: '.lesson-page .lesson-text',
  question: '.lesson-page .lesson-question',
  next: '.lesson-page .lesson-nav button.primary',
};

describe('a lesson on a 1280×720 screen', () => {
  for (const projector of [false, true]) {
    for (const lesson of LESSONS.slice(0, 3)) {
      it(`every page of lesson ${lesson.id} shows its text and its drawings on one screen${projector ? ' in projector mode' : ''}`, async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        await page.goto(`${inject('baseUrl')}#v=1&lesson=${lesson.id}&page=1${projector ? '&proj=1' : ''}`);
        const misplaced: string[] = [];
        for (let p = 1; p <= lesson.pages.length; p++) {
          if (p > 1) await page.getByRole('button', { name: 'Next page' }).click();
          await page.locator('.lesson-page').getByText(`Page ${p} of ${lesson.pages.length}`).waitFor({ timeout: 30_000 });
          await page.locator('article.lesson-page[aria-busy="false"]').waitFor({ timeout: 30_000 });
          const shown = (stateOf(lesson, p).panels ?? []).filter((id): id is keyof typeof DRAWINGS => id in DRAWINGS);
          expect(shown.length, `lesson ${lesson.id} page ${p} shows a drawing`).toBeGreaterThan(0);
          // The views settle once the page's state is applied (the drawings scale to the layout beside the lesson).
          await page.waitForFunction((sels) => sels.every((s) => document.querySelector(s) !== null), shown.map((id) => DRAWINGS[id].selector));
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const sel: Record<string, string> = { ...LESSON_PARTS };
          for (const id of shown) sel[id] = DRAWINGS[id].selector;
          const { w, h, scrollW, at } = await boxes(page, sel);
          const where = `lesson ${lesson.id} page ${p}${projector ? ' (projector)' : ''}`;
          for (const [k, b] of Object.entries(at)) {
            if (b === null) { if (k !== 'question') misplaced.push(`${where}: no ${k}`); continue; }
            if (!inside(b, w, h)) misplaced.push(`${where}: ${k} at [${b.map(Math.round).join(', ')}] is outside ${w}×${h}`);
            if (k in DRAWINGS && !DRAWINGS[k as keyof typeof DRAWINGS].least(b)) misplaced.push(`${where}: ${k} shrank to [${b.map(Math.round).join(', ')}]`);
          }
          if (scrollW > w) misplaced.push(`${where}: the page scrolls sideways (${scrollW} > ${w})`);
          if (p === 2) await shot(page, `layout-lesson-${lesson.id}${projector ? '-projector' : ''}`, undefined, false);
        }
        expect(misplaced).toEqual([]);
        await page.close();
      });
    }
  }
});

/** The x-extent covered by the union of the boxes, clipped to [0, w]. */
function coveredWidth(bs: Box[], w: number): number {
  const spans = bs.map(([l, , r]) => [Math.max(0, l), Math.min(w, r)] as const).filter(([l, r]) => r > l).sort((a, b) => a[0] - b[0]);
  let total = 0, end = -Infinity;
  for (const [l, r] of spans) {
    if (r <= end) continue;
    total += r - Math.max(l, end);
    end = r;
  }
  return total;
}

/** Opens the app on “hello world” at t = 3 in a w × h page. */
async function openAt(w: number, h: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(`${inject('baseUrl')}#v=1&in=hello%20world&t=3`);
  await page.getByText(/Trained to predict the next character/).waitFor({ timeout: 20_000 });
  await page.getByRole('status').filter({ hasText: /^t = 3/ }).waitFor({ timeout: 20_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

/** The drawn parts of the three main views: the folded neuron, the unrolled network as far as its scroller shows it, and the hidden-state heatmap. */
async function viewBoxes(page: Page) {
  const { w, h, scrollW, at } = await boxes(page, {
    folded: 'svg.folded', unrolled: 'svg.unrolled', scroller: '.unrolled-scroll', heatmap: '[role="figure"][aria-label="Hidden state heatmap"]',
  });
  const u = at.unrolled!, s = at.scroller!;
  const unrolled: Box = [Math.max(u[0], s[0]), u[1], Math.min(u[2], s[2]), u[3]];
  return { w, h, scrollW, folded: at.folded!, unrolled, heatmap: at.heatmap! };
}

describe('wide screens', () => {
  for (const [w, h] of [[1920, 1080], [3840, 2160]] as const) {
    it(`at ${w}×${h} the three main views use the width, on the first screen, and nothing scrolls sideways`, async () => {
      const page = await openAt(w, h);
      const v = await viewBoxes(page);
      const share = coveredWidth([v.folded, v.unrolled, v.heatmap], v.w) / v.w;
      expect({ share: Math.round(share * 100) / 100, enough: share >= 0.7 }).toMatchObject({ enough: true });
      for (const b of [v.folded, v.unrolled, v.heatmap]) expect(b[1]).toBeLessThan(v.h);
      expect(v.scrollW).toBeLessThanOrEqual(v.w);
      await shot(page, `layout-${w}x${h}`, undefined, false);
      await page.close();
    });
  }

  it('at 1440×900 the neuron and the unrolled network stay side by side, at their usual size or more', async () => {
    const page = await openAt(1440, 900);
    const v = await viewBoxes(page);
    expect(Math.abs(v.folded[1] - v.unrolled[1])).toBeLessThan(60);
    expect(v.folded[2]).toBeLessThanOrEqual(v.unrolled[0]);
    expect(v.unrolled[3] - v.unrolled[1]).toBeGreaterThanOrEqual(312);
    expect(v.scrollW).toBeLessThanOrEqual(1440);
    await page.close();
  });

  it('a 360 px phone keeps the views in one column at their drawn size', async () => {
    const page = await openAt(360, 740);
    const v = await viewBoxes(page);
    expect(v.folded[3]).toBeLessThanOrEqual(v.unrolled[1]);
    expect(v.unrolled[3]).toBeLessThanOrEqual(v.heatmap[1]);
    expect(v.unrolled[3] - v.unrolled[1]).toBe(312);
    expect(v.scrollW).toBeLessThanOrEqual(360);
    await page.close();
  });
});
