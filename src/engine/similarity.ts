/**
 * Units that behave alike: each unit's trace h_t,j over t, Pearson correlations between traces, and a ranking of
 * units by how closely they follow a chosen unit (over the whole sequence) or a chosen range of steps (the pattern
 * "high inside the range, low outside"). Pure: reads flat [T, H] arrays, allocates only its results.
 */

/** The trace of unit j over t = 1..T, read from a row-major [T, H] array. */
export function unitSeries(h: ArrayLike<number>, T: number, H: number, j: number): Float64Array {
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) out[t] = h[t * H + j];
  return out;
}

/** Pearson's correlation of a and b over their common length; NaN when either is constant or not finite. */
export function correlate(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return NaN;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  if (!(saa > 0) || !(sbb > 0) || !Number.isFinite(sab)) return NaN;
  // Rounding can push |r| a hair past 1.
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/** The indicator of a range of steps: 1 for t in from..to (1-based, inclusive), 0 elsewhere, over t = 1..T. */
export function rangePattern(T: number, from: number, to: number): Float64Array {
  const out = new Float64Array(T);
  for (let t = Math.max(1, from); t <= Math.min(T, to); t++) out[t - 1] = 1;
  return out;
}

/** How one unit compares with the chosen unit. */
export interface UnitMatch {
  /** The unit, 0-based. */
  unit: number;
  /** The correlation used for ranking (NaN when undefined: a constant trace). */
  r: number;
  /** Mean of the unit's trace over the range. */
  meanIn: number;
  /** Mean of the unit's trace outside the range (NaN when the range covers every step). */
  meanOut: number;
}

/** What the ranking correlates each unit's trace with. */
export type RankBy =
  /** The chosen unit's trace over the whole sequence. */
  | 'trace'
  /** The range's high/low pattern: 1 inside from..to, 0 outside (a point-biserial correlation). */
  | 'pattern';

/** Mean of s over the steps where mask is 1 (want = 1) or 0 (want = 0); NaN when there are none. */
function maskedMean(s: ArrayLike<number>, mask: ArrayLike<number>, want: number): number {
  let sum = 0, k = 0;
  for (let i = 0; i < s.length; i++) if (mask[i] === want) { sum += s[i]; k++; }
  return k > 0 ? sum / k : NaN;
}

/**
 * Every unit other than `unit`, ranked by correlation (highest first, undefined correlations last) with the chosen
 * unit's trace (`by = 'trace'`) or with the range's pattern (`by = 'pattern'`); steps from..to are 1-based, inclusive.
 */
export function rankSimilarUnits(h: ArrayLike<number>, T: number, H: number, unit: number, from: number, to: number, by: RankBy = 'trace'): UnitMatch[] {
  const mask = rangePattern(T, from, to);
  const reference = by === 'trace' ? unitSeries(h, T, H, unit) : mask;
  const out: UnitMatch[] = [];
  for (let j = 0; j < H; j++) {
    if (j === unit) continue;
    const s = unitSeries(h, T, H, j);
    out.push({ unit: j, r: correlate(s, reference), meanIn: maskedMean(s, mask, 1), meanOut: maskedMean(s, mask, 0) });
  }
  return out.sort((a, b) => (Number.isNaN(a.r) ? 1 : 0) - (Number.isNaN(b.r) ? 1 : 0) || b.r - a.r || a.unit - b.unit);
}
