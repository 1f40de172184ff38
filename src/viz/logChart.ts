/**
 * Pure helpers for the lab's line charts over t on a log y axis: a domain in whole decades, decade ticks that stay
 * few over 600 decades, labels as powers of ten, and path strings that break where a value cannot be drawn (0,
 * NaN, ±Infinity). Colours are Okabe–Ito (colour-blind safe), and every series also has its own dash pattern.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';

/** Okabe & Ito's colour-blind-safe palette, in the order the lab uses it. */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'] as const;
/** Dash patterns that tell series apart without colour (solid first). */
export const SERIES_DASHES = ['', '7 4', '2 3', '10 3 2 3'] as const;

/** A log domain [10^lo, 10^hi] in whole decades covering every positive finite value, at least 2 decades wide. */
export function decadeDomain(series: ArrayLike<number>[]): [number, number] {
  let min = Infinity, max = -Infinity;
  for (const s of series) for (let i = 0; i < s.length; i++) {
    const v = s[i];
    if (v > 0 && Number.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
  }
  if (min === Infinity) return [0.1, 10];
  let lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max));
  if (hi - lo < 2) { lo -= 1; hi = Math.max(hi + 1, lo + 2); }
  // 1e-323 is the smallest double; keep the exponents where 10^e is a normal number.
  return [10 ** Math.max(lo, -307), 10 ** Math.min(hi, 308)];
}

/** Tick values at decades, at most `count` + 1 of them, evenly spaced in exponent. */
export function decadeTicks([lo, hi]: [number, number], count = 5): number[] {
  const a = Math.round(Math.log10(lo)), b = Math.round(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a) / count));
  const out: number[] = [];
  for (let e = a; e <= b; e += step) out.push(10 ** e);
  return out;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** A decade as text: 1, 10, 0.1 near 1, else 10ⁿ with a superscript exponent (10⁻¹²). */
export function formatDecade(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e >= -1 && e <= 2) return String(10 ** e);
  return `10${String(e).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** A number for a sentence: two significant digits between 0.01 and 1000, else like 3e-12 or 4e+15. */
export function formatFactor(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1000) return String(Number(v.toPrecision(2)));
  return v.toExponential(0);
}

/** Size and margins of a chart, in CSS pixels. */
export interface ChartBox {
  /** Whole width. */
  width: number;
  /** Whole height. */
  height: number;
  /** Margins around the plot area. */
  margin: { top: number; right: number; bottom: number; left: number };
}

/** Scales of a chart of values over t = 1..T. */
export function chartScales(box: ChartBox, T: number, domain: [number, number], log: boolean) {
  const { width, height, margin: m } = box;
  const x = scaleLinear().domain([1, Math.max(2, T)]).range([m.left, width - m.right]);
  const y = (log ? scaleLog() : scaleLinear()).domain(domain).range([height - m.bottom, m.top]).clamp(true);
  return { x, y };
}

/** The SVG path of values[t − 1] over t, broken at values a log axis cannot show (≤ 0, NaN, ±Infinity). */
export function seriesPath(values: ArrayLike<number>, x: (t: number) => number, y: (v: number) => number, log: boolean): string {
  const points = Array.from({ length: values.length }, (_, i) => [i + 1, values[i]] as [number, number]);
  return line<[number, number]>()
    .defined(([, v]) => Number.isFinite(v) && (!log || v > 0))
    .x(([t]) => x(t))
    .y(([, v]) => y(v))(points) ?? '';
}
