/**
 * Run diff: the difference Δh = h_b − h_a of two hidden-state traces of the same size, step by step, and the first
 * step where they part by more than ε. Pure: reads flat row-major [T, H] arrays.
 */

/** Δh of two traces over their common steps. */
export interface StateDiff {
  /** Steps compared: the shorter of the two traces. */
  T: number;
  /** Units. */
  H: number;
  /** b − a, row-major [T, H]. */
  delta: Float64Array;
  /** Largest finite |Δh| (0 when there is none). */
  maxAbs: number;
}

/** Δh = b − a over the first min(Ta, Tb) steps; both are [T, H] with the same H. */
export function diffStates(a: ArrayLike<number>, Ta: number, b: ArrayLike<number>, Tb: number, H: number): StateDiff {
  const T = Math.max(0, Math.min(Ta, Tb));
  const delta = new Float64Array(T * H);
  let maxAbs = 0;
  for (let i = 0; i < T * H; i++) {
    const d = b[i] - a[i];
    delta[i] = d;
    const m = Math.abs(d);
    if (Number.isFinite(m) && m > maxAbs) maxAbs = m;
  }
  return { T, H, delta, maxAbs };
}

/** Where two traces first part. */
export interface Divergence {
  /** The step, 1-based. */
  step: number;
  /** The unit with the largest |Δh| at that step, 0-based. */
  unit: number;
  /** Δh of that unit there. */
  value: number;
}

/** The first step where some |Δh| exceeds epsilon (a NaN or ±Infinity difference counts), or null when none does. */
export function firstDivergence(diff: StateDiff, epsilon: number): Divergence | null {
  const { T, H, delta } = diff;
  for (let t = 0; t < T; t++) {
    let best = -1, bestAbs = -1;
    for (let j = 0; j < H; j++) {
      const v = delta[t * H + j];
      const a = Number.isNaN(v) ? Infinity : Math.abs(v);
      if (a > epsilon && a > bestAbs) { best = j; bestAbs = a; }
    }
    if (best >= 0) return { step: t + 1, unit: best, value: delta[t * H + best] };
  }
  return null;
}
