/**
 * The encoding of gradient magnitudes: a log scale (gradients span many orders of magnitude) mapped to a stroke
 * width and to viridis, colour-blind safe, run from light green (small) to dark purple (large) so that a large
 * gradient is both wide and dark on white. Zero has no place on a log scale: it gets a dashed grey mark instead.
 */
import { scaleLog } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';

/** A log-scale encoding of magnitudes ≥ 0. */
export interface GradientScale {
  /** [smallest, largest] magnitude shown; smaller positive values are drawn as the smallest. */
  domain: [number, number];
  /** Position of v on the scale, 0 (smallest) .. 1 (largest), or null for 0 and non-finite values. */
  unit(v: number): number | null;
  /** CSS colour of v (grey for 0 or non-finite). */
  color(v: number): string;
  /** Stroke width of v in px. */
  width(v: number): number;
  /** Powers of ten inside the domain (at most 5, thinned evenly), or its ends and the power of ten between when there are fewer than two, for a legend. */
  ticks: number[];
}

/** Grey of a zero or non-finite magnitude. */
export const ZERO_COLOR = '#8c959f';
/** The viridis range used: from this position (small) down to LARGE (large). */
const SMALL = 0.82, LARGE = 0.02;
/** Stroke widths of the smallest and largest magnitude. */
const MIN_WIDTH = 1.25, MAX_WIDTH = 7;
/** The domain spans at most this many orders of magnitude below its largest value. */
const MAX_DECADES = 8;

/** Colour of a position on the scale, 0 .. 1. */
export function gradientColorAt(u: number): string {
  return interpolateViridis(SMALL + (LARGE - SMALL) * Math.max(0, Math.min(1, u)));
}

/** A scale over every finite positive value in `values` (the domain [1e-3, 1] when there is none). */
export function gradientScale(values: Iterable<ArrayLike<number>>): GradientScale {
  let lo = Infinity, hi = 0;
  for (const a of values) {
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i]);
      if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
  }
  if (hi === 0) { lo = 1e-3; hi = 1; }
  lo = Math.max(lo, hi * 10 ** -MAX_DECADES);
  // One value (or many equal ones) still needs an interval to map onto.
  if (lo === hi) { lo /= 10; hi *= 10; }
  const log = scaleLog().domain([lo, hi]).range([0, 1]).clamp(true);
  const unit = (v: number) => (Number.isFinite(v) && Math.abs(v) > 0 ? log(Math.abs(v)) : null);
  const decades: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) decades.push(Number(`1e${e}`));
  // Too few decades to read the scale by: label its ends instead.
  if (decades.length < 2) decades.splice(0, decades.length, lo, ...decades.filter((d) => d / lo > 2 && hi / d > 2), hi);
  const every = Math.ceil(decades.length / 5);
  return {
    domain: [lo, hi],
    unit,
    color: (v) => { const u = unit(v); return u === null ? ZERO_COLOR : gradientColorAt(u); },
    width: (v) => { const u = unit(v); return u === null ? 1 : MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * u; },
    ticks: decades.filter((_, i) => i % every === 0),
  };
}

export { formatMagnitude } from './format';

/** Line colours of the gradient-flow chart (Okabe–Ito blue and vermillion, told apart by colour-blind readers). */
export const FLOW_COLORS = { dh: '#0072b2', jacobian: '#d55e00' } as const;
