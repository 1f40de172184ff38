/**
 * Small numeric kernels over flat row-major arrays. No shapes are stored: callers pass them.
 */
import type { Arr, DType } from './types';

/** Allocates a zeroed array of `size` elements in `dtype`. */
export function alloc(dtype: DType, size: number): Arr {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** The dtype an array is stored in. */
export function dtypeOf(a: Arr): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/** Copies `a` into a new array of `dtype` (the same dtype by default). */
export function copyArr(a: Arr, dtype: DType = dtypeOf(a)): Arr {
  const out = alloc(dtype, a.length);
  out.set(a);
  return out;
}

/**
 * out[oOff + i] (+)= Σ_j W[(wRow + i)·cols + j] · x[xOff + j], for i < rows.
 * Accumulates when `acc` is true.
 */
export function matvec(
  W: Arr, wRow: number, rows: number, cols: number,
  x: ArrayLike<number>, xOff: number,
  out: Arr, oOff: number, acc = false,
): void {
  // Four independent partial sums let the CPU overlap the multiply-adds (≈1.5× on V8); the order of additions
  // differs from a plain loop only at rounding level, far inside float32 tolerance.
  const c4 = cols - (cols % 4);
  for (let i = 0; i < rows; i++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const base = (wRow + i) * cols;
    let j = 0;
    for (; j < c4; j += 4) {
      s0 += W[base + j] * x[xOff + j];
      s1 += W[base + j + 1] * x[xOff + j + 1];
      s2 += W[base + j + 2] * x[xOff + j + 2];
      s3 += W[base + j + 3] * x[xOff + j + 3];
    }
    for (; j < cols; j++) s0 += W[base + j] * x[xOff + j];
    const s = (s0 + s1) + (s2 + s3);
    out[oOff + i] = acc ? out[oOff + i] + s : s;
  }
}

/**
 * out[oOff + j] += Σ_i W[(wRow + i)·cols + j] · d[dOff + i], for j < cols (Wᵀ·d over `rows` rows).
 */
export function matTvecAcc(
  W: Arr, wRow: number, rows: number, cols: number,
  d: ArrayLike<number>, dOff: number,
  out: Arr, oOff: number,
): void {
  // Four rows per pass cut the loads and stores of `out`, the array every row updates, by four.
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const d0 = d[dOff + i], d1 = d[dOff + i + 1], d2 = d[dOff + i + 2], d3 = d[dOff + i + 3];
    const b0 = (wRow + i) * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
    for (let j = 0; j < cols; j++) out[oOff + j] += W[b0 + j] * d0 + W[b1 + j] * d1 + W[b2 + j] * d2 + W[b3 + j] * d3;
  }
  for (; i < rows; i++) {
    const di = d[dOff + i];
    const base = (wRow + i) * cols;
    if (di !== 0) for (let j = 0; j < cols; j++) out[oOff + j] += W[base + j] * di;
  }
}

/** dW[(wRow + i)·cols + j] += d[dOff + i] · x[xOff + j]: the outer-product update of a weight gradient. */
export function outerAcc(
  dW: Arr, wRow: number, rows: number, cols: number,
  d: ArrayLike<number>, dOff: number,
  x: ArrayLike<number>, xOff: number,
): void {
  for (let i = 0; i < rows; i++) {
    const di = d[dOff + i];
    if (di === 0) continue;
    const base = (wRow + i) * cols;
    for (let j = 0; j < cols; j++) dW[base + j] += di * x[xOff + j];
  }
}

/** The logistic function 1 / (1 + e^{-z}), written to stay finite for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Euclidean norm of a[off .. off+len). */
export function norm2(a: ArrayLike<number>, off = 0, len = a.length - off): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[off + i] * a[off + i];
  return Math.sqrt(s);
}
