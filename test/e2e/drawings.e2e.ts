/**
 * The drawings stay readable in Chromium: no label of the Recurrent neuron (RNN, LSTM, GRU; both notations; 1 to
 * 12 units; short and long tokens; one- and two-digit steps) or of the backward pass overlaps another label, runs
 * into a line, an arrow, a box's border or a state strip, or leaves its image; labels are at least 11 px tall on a
 * 1280×720 screen and 18 px in projector mode; and the Recurrent neuron grows with wide screens.
 * Boxes are the browser's getBoundingClientRect (the font's whole line box, not the ink), so the test is strict.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, shot } from './browser';

let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** What the layout check reports: one line per clash, naming both parties by their text or tag. */
interface Check { problems: string[]; texts: number; minHeight: number; minFontPx: number }

/**
 * Runs in the page: every <text> of `svgSel` (or only those under `ownSel` when given, checked against everything
 * in the svg) must not overlap another text, cross a line, a path, a circle, a polygon or a stroked rect's border,
 * and must lie inside the svg's box. A text may sit wholly inside a stroked rect (a label in its box).
 */
function layoutCheck([svgSel, ownSel]: [string, string | null]): Check {
  const svg = document.querySelector(svgSel) as SVGSVGElement | null;
  if (!svg) return { problems: [`no ${svgSel}`], texts: 0, minHeight: 0, minFontPx: 0 };
  const TOL = 0.5;
  type Box = { l: number; t: number; r: number; b: number };
  const boxOf = (e: Element): Box => { const r = e.getBoundingClientRect(); return { l: r.left, t: r.top, r: r.right, b: r.bottom }; };
  const shrink = (b: Box, d: number): Box => ({ l: b.l + d, t: b.t + d, r: b.r - d, b: b.b - d });
  const meets = (a: Box, b: Box) => Math.min(a.r, b.r) - Math.max(a.l, b.l) > TOL && Math.min(a.b, b.b) - Math.max(a.t, b.t) > TOL;
  const inside = (a: Box, b: Box) => a.l >= b.l - TOL && a.r <= b.r + TOL && a.t >= b.t - TOL && a.b <= b.b + TOL;
  const visible = (e: Element) => {
    for (let n: Element | null = e; n && n !== svg; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
    }
    const r = e.getBoundingClientRect();
    return r.width > 0 || r.height > 0;
  };
  const name = (e: Element) => (e.tagName === 'text' ? `"${e.textContent}"` : `<${e.tagName}${e.getAttribute('class') ? ` .${e.getAttribute('class')}` : ''}>`);
  const all = [...svg.querySelectorAll('text')].filter(visible);
  const own = ownSel ? all.filter((t) => t.closest(ownSel)) : all;
  const problems: string[] = [];
  const svgBox = boxOf(svg);
  // Strokes: points along every line and path, in screen coordinates.
  const strokes: { el: Element; pts: DOMPoint[] }[] = [];
  for (const el of svg.querySelectorAll('line, path')) {
    if (!visible(el) || getComputedStyle(el).stroke === 'none') continue;
    const g = el as SVGGeometryElement;
    const m = g.getScreenCTM();
    if (!m) continue;
    const len = g.getTotalLength();
    const n = Math.max(2, Math.ceil(len / 2));
    const pts: DOMPoint[] = [];
    for (let i = 0; i <= n; i++) pts.push(g.getPointAtLength((len * i) / n).matrixTransform(m));
    strokes.push({ el, pts });
  }
  const solids = [...svg.querySelectorAll('circle, polygon')].filter(visible);
  const rects = [...svg.querySelectorAll('rect')].filter((r) => visible(r) && getComputedStyle(r).stroke !== 'none' && parseFloat(getComputedStyle(r).strokeWidth) > 0);
  // Unstroked rects of a state strip (one per unit) are solid too.
  const cells = [...svg.querySelectorAll('rect')].filter((r) => visible(r) && getComputedStyle(r).stroke === 'none' && r.querySelector('title'));
  const image = [...svg.querySelectorAll('image')].filter(visible);
  let minHeight = Infinity, minFontPx = Infinity;
  for (const t of own) {
    const b = boxOf(t);
    minHeight = Math.min(minHeight, b.b - b.t);
    // The font size as rendered: the computed size times the drawing's scale on screen.
    const bb = (t as SVGTextElement).getBBox();
    const scale = bb.height > 0 ? (b.b - b.t) / bb.height : 1;
    minFontPx = Math.min(minFontPx, parseFloat(getComputedStyle(t).fontSize) * scale);
    if (!inside(b, svgBox)) problems.push(`${name(t)} leaves the image`);
    for (const u of all) {
      if (u === t || (own.includes(u) && all.indexOf(u) < all.indexOf(t))) continue;
      if (meets(b, boxOf(u))) problems.push(`${name(t)} overlaps ${name(u)}`);
    }
    const core = shrink(b, 1);
    for (const s of strokes) {
      if (s.pts.some((p) => p.x > core.l && p.x < core.r && p.y > core.t && p.y < core.b)) problems.push(`${name(t)} crosses ${name(s.el)}`);
    }
    for (const s of [...solids, ...cells, ...image]) if (meets(core, boxOf(s))) problems.push(`${name(t)} covers ${name(s)}`);
    for (const r of rects) {
      const rb = boxOf(r);
      if (meets(core, rb) && !inside(b, rb)) problems.push(`${name(t)} crosses the border of ${name(r)}`);
    }
  }
  return { problems, texts: own.length, minHeight, minFontPx };
}

async function check(page: Page, svgSel: string, ownSel: string | null = null): Promise<Check> {
  return page.evaluate(layoutCheck, [svgSel, ownSel] as [string, string | null]);
}

const FOLDED = 'svg[aria-label="Recurrent neuron"]';

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${inject('baseUrl')}#${hash}`);
  await page.getByRole('status').filter({ hasText: /^t = / }).waitFor({ timeout: 20_000 });
  await page.locator(FOLDED).waitFor();
  // The model of a new setup trains first (the input kind is locked meanwhile), then the drawing shows step t.
  const t = Number(/(?:^|&)t=(\d+)/.exec(hash)?.[1] ?? 0);
  await page.waitForFunction((step) => {
    const radio = document.querySelector('input[name="input-kind"]') as HTMLInputElement | null;
    const desc = document.querySelector('svg[aria-label="Recurrent neuron"] desc')?.textContent ?? '';
    return radio !== null && !radio.disabled && (step === 0 ? desc.startsWith('Before') : desc.startsWith(`Step ${step}:`));
  }, t, { timeout: 20_000 });
}

describe('the Recurrent neuron lays out its labels without collisions', () => {
  // Inputs: a long text (two-digit steps), and a numbers series whose tokens are cut to four characters.
  const text = 'v=1&in=hello%20world%2C%20hello';
  const series = `v=1&task=numbers&in=${encodeURIComponent(['-0.12345', '1.5', '-12.25', '0.333', '-2.5', '7.125', '-0.001', '3.75', '-9.875', '0.5', '-1.25', '4.5'].join('\n'))}`;
  const cases: { cell: string; sym: string; h: number; t: number; j: number; input: string; proj?: boolean }[] = [];
  for (const cell of ['rnn', 'lstm', 'gru']) {
    for (const sym of ['textbook', 'matrix']) {
      cases.push({ cell, sym, h: 8, t: 5, j: 1, input: text });
      cases.push({ cell, sym, h: 1, t: 0, j: 1, input: text });
      cases.push({ cell, sym, h: 12, t: 17, j: 12, input: text });
      cases.push({ cell, sym, h: 3, t: 11, j: 2, input: series });
    }
    // Projector mode's larger type.
    cases.push({ cell, sym: 'matrix', h: 12, t: 17, j: 12, input: text, proj: true });
  }
  // Projector mode stays on once set: its cases come last.
  cases.sort((a, b) => Number(!!a.proj) - Number(!!b.proj));
  let page: Page;
  beforeAll(async () => { page = await browser.newPage({ viewport: { width: 1280, height: 720 } }); });
  afterAll(async () => { await page?.close(); });

  for (const c of cases) {
    it(`${c.cell}, ${c.sym} symbols, H = ${c.h}, t = ${c.t}, unit ${c.j}${c.input === series ? ', number tokens' : ''}${c.proj ? ', projector mode' : ''}`, async () => {
      await open(page, `${c.input}&cell=${c.cell}&h=${c.h}&sym=${c.sym}&t=${c.t}&j=${c.j}${c.proj ? '&proj=1' : ''}`);
      const r = await check(page, FOLDED);
      if (r.problems.length) await shot(page, `drawings-folded-${c.cell}-${c.sym}-h${c.h}-t${c.t}`, FOLDED);
      expect(r.texts).toBeGreaterThanOrEqual(5);
      expect(r.problems.join('\n')).toBe('');
    });
  }
});

describe('label sizes on a 1280×720 projector', () => {
  it('are at least 11 px in normal mode and 18 px in projector mode, in every drawing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const sizes: Record<string, { normal: number; projector: number }> = {};
    for (const proj of [false, true]) {
      await open(page, `v=1&in=hello%20world&cell=lstm&t=11${proj ? '&proj=1' : ''}`);
      await page.getByRole('checkbox', { name: 'Backward mode' }).check();
      await page.getByRole('img', { name: 'Gradient accumulators' }).waitFor({ timeout: 20_000 });
      await page.locator('.backward-layer').waitFor();
      for (const [label, sel, own] of [['Recurrent neuron', FOLDED, null], ['backward layer', 'svg.unrolled', '.backward-layer'], ['accumulators', 'svg.backward-accumulators', null]] as const) {
        const r = await check(page, sel, own);
        expect(r.texts, `${label}`).toBeGreaterThan(0);
        (sizes[label] ??= { normal: 0, projector: 0 })[proj ? 'projector' : 'normal'] = Math.round(r.minHeight * 10) / 10;
        // The rendered font size itself, not only its line box.
        expect(r.minFontPx, `${label} font px`).toBeGreaterThanOrEqual(proj ? 18 : 11);
      }
      await page.getByRole('checkbox', { name: 'Backward mode' }).uncheck();
      await shot(page, `drawings-sizes-${proj ? 'projector' : 'normal'}-1280x720`, undefined, false);
    }
    for (const [label, s] of Object.entries(sizes)) {
      expect(s.normal, `${label} normal`).toBeGreaterThanOrEqual(11);
      expect(s.projector, `${label} projector`).toBeGreaterThanOrEqual(18);
    }
    await page.close();
  });
});

describe('the Recurrent neuron grows with the screen', () => {
  it('is wider on 1920×1080 and 3840×2160 than on 1280×720, and fits a 360 px phone', async () => {
    const widths: number[] = [];
    let phoneRight = Infinity;
    for (const [w, h] of [[360, 740], [1280, 720], [1920, 1080], [3840, 2160]]) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await open(page, 'v=1&in=hello&t=3');
      const box = (await page.locator(FOLDED).boundingBox())!;
      const r = await check(page, FOLDED);
      expect(r.problems.join('\n'), `${w}×${h}`).toBe('');
      if (w === 360) phoneRight = box.x + box.width;
      widths.push(box.width);
      await page.close();
    }
    expect(phoneRight).toBeLessThanOrEqual(360);
    expect(widths[2]).toBeGreaterThan(widths[1] * 1.15);
    expect(widths[3]).toBeGreaterThan(widths[2] * 1.5);
  });
});

describe('the backward pass keeps its labels apart', () => {
  for (const [sym, proj] of [['textbook', false], ['matrix', false], ['matrix', true]] as const) {
    it(`at every backward step (${sym} symbols${proj ? ', projector mode' : ''})`, async () => {
      const page = await browser.newPage({ viewport: proj ? { width: 1280, height: 720 } : { width: 1440, height: 900 } });
      await open(page, `v=1&in=hello%20world&sym=${sym}&t=11${proj ? '&proj=1' : ''}`);
      await page.getByRole('checkbox', { name: 'Backward mode' }).check();
      await page.getByRole('img', { name: 'Gradient accumulators' }).waitFor({ timeout: 20_000 });
      await page.locator('.backward-layer').waitFor();
      const slider = page.getByRole('slider', { name: 'Backward step' });
      for (let t = 11; t >= 1; t--) {
        await expect.poll(() => slider.getAttribute('aria-valuetext')).toBe(`t = ${t} of 11`);
        const layer = await check(page, 'svg.unrolled', '.backward-layer');
        const acc = await check(page, 'svg.backward-accumulators');
        if (layer.problems.length || acc.problems.length) await shot(page, `drawings-backward-${sym}${proj ? '-projector' : ''}-t${t}`, '.backward-unrolled');
        expect(layer.problems.join('\n'), `t = ${t}`).toBe('');
        expect(acc.problems.join('\n'), `t = ${t}`).toBe('');
        if (t > 1) await page.getByRole('button', { name: 'Step back in time' }).click();
      }
      await page.close();
    });
  }
});
