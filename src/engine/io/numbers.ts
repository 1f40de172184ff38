/**
 * Engine arrays as JSON numbers. A float32 value is written with the fewest digits that read back to the same
 * float32 (0.1 rather than 0.10000000149011612), so files stay readable and round trips stay exact.
 */
import type { Arr } from '../types';

/** The shortest decimal that rounds back to the float32 `v`. */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  // Binary search on the significant digits: if p digits read back exactly, so do p + 1; 9 always do.
  let lo = 1, hi = 9, best = Number(v.toPrecision(9));
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = Number(v.toPrecision(mid));
    if (Math.fround(t) === v) { hi = mid; best = t; } else lo = mid + 1;
  }
  return best;
}

/** A flat array as plain numbers, float32 values shortened. */
export function toJsonNumbers(a: Arr | readonly number[]): number[] {
  if (a instanceof Float32Array) return Array.from(a, shortestFloat32);
  return Array.from(a);
}

/** A flat row-major array as nested lists of the given shape (`tensor.tolist()`). */
export function nest(a: Arr | readonly number[], shape: readonly number[]): unknown {
  const flat = toJsonNumbers(a);
  if (shape.length === 0) return flat[0];
  const build = (depth: number, offset: number, stride: number): unknown[] => {
    const n = shape[depth];
    const inner = stride / n;
    const out: unknown[] = new Array(n);
    for (let k = 0; k < n; k++) {
      out[k] = depth === shape.length - 1 ? flat[offset + k] : build(depth + 1, offset + k * inner, inner);
    }
    return out;
  };
  return build(0, 0, flat.length);
}
