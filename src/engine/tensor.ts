/**
 * Small numeric kernels over flat row-major arrays. No shapes are stored: callers pass them.
 */
import { simdGemm, simdPack, simdValid, type SimdPacked } from './simd';
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
 * C[cOff + m·ldc + j] (+)= Σ_k A[aOff + m·lda + k] · B[bOff + j·ldb + k], for m < M, j < N: the product A·Bᵀ with
 * both operands read along their contiguous k. Accumulates into C when `acc` is true.
 * @remarks Arithmetic is in doubles; only the result is stored in C's dtype. Call it with arrays of one dtype in a
 * hot loop: V8 specialises the loads to the element kinds it has seen.
 */
export function gemmNT(
  M: number, N: number, K: number,
  A: Arr, aOff: number, lda: number,
  B: Arr, bOff: number, ldb: number,
  C: Arr, cOff: number, ldc: number, acc = false,
): void {
  // Register blocking: 2 rows of A × 4 rows of B in 8 running sums, so each value loaded feeds 2 or 4 multiply-adds
  // (6 loads per 8 multiply-adds instead of 2 per 1). Every path sums each C element with one running sum, in
  // order of k, exactly as a plain dot product: a result does not depend on which block its row fell in, so one
  // step traced alone equals the same step inside a longer or larger batch, bit for bit.
  let m = 0;
  for (; m + 1 < M; m += 2) {
    const a0 = aOff + m * lda, a1 = a0 + lda;
    const c0 = cOff + m * ldc, c1 = c0 + ldc;
    let j = 0;
    for (; j + 3 < N; j += 4) {
      const b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k];
        const w0 = B[b0 + k], w1 = B[b1 + k], w2 = B[b2 + k], w3 = B[b3 + k];
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      if (acc) {
        C[c0 + j] += s00; C[c0 + j + 1] += s01; C[c0 + j + 2] += s02; C[c0 + j + 3] += s03;
        C[c1 + j] += s10; C[c1 + j + 1] += s11; C[c1 + j + 2] += s12; C[c1 + j + 3] += s13;
      } else {
        C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
        C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
      }
    }
    for (; j < N; j++) {
      const b0 = bOff + j * ldb;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) { const w = B[b0 + k]; s0 += A[a0 + k] * w; s1 += A[a1 + k] * w; }
      if (acc) { C[c0 + j] += s0; C[c1 + j] += s1; } else { C[c0 + j] = s0; C[c1 + j] = s1; }
    }
  }
  if (m < M) matvecRow(N, K, A, aOff + m * lda, B, bOff, ldb, C, cOff + m * ldc, acc);
}

/** One row of gemmNT: C[cOff + j] (+)= Σ_k B[bOff + j·ldb + k] · x[xOff + k], for j < N (a matrix-vector product). */
function matvecRow(N: number, K: number, x: Arr, xOff: number, B: Arr, bOff: number, ldb: number, C: Arr, cOff: number, acc: boolean): void {
  // 8 rows of B at once: each x value loaded feeds 8 multiply-adds, and 8 independent sums keep the adder busy.
  let j = 0;
  for (; j + 7 < N; j += 8) {
    const b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb, b4 = b3 + ldb, b5 = b4 + ldb, b6 = b5 + ldb, b7 = b6 + ldb;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let k = 0; k < K; k++) {
      const v = x[xOff + k];
      s0 += B[b0 + k] * v; s1 += B[b1 + k] * v; s2 += B[b2 + k] * v; s3 += B[b3 + k] * v;
      s4 += B[b4 + k] * v; s5 += B[b5 + k] * v; s6 += B[b6 + k] * v; s7 += B[b7 + k] * v;
    }
    const c = cOff + j;
    if (acc) {
      C[c] += s0; C[c + 1] += s1; C[c + 2] += s2; C[c + 3] += s3; C[c + 4] += s4; C[c + 5] += s5; C[c + 6] += s6; C[c + 7] += s7;
    } else {
      C[c] = s0; C[c + 1] = s1; C[c + 2] = s2; C[c + 3] = s3; C[c + 4] = s4; C[c + 5] = s5; C[c + 6] = s6; C[c + 7] = s7;
    }
  }
  for (; j < N; j++) {
    const b0 = bOff + j * ldb;
    let s = 0;
    for (let k = 0; k < K; k++) s += B[b0 + k] * x[xOff + k];
    if (acc) C[cOff + j] += s; else C[cOff + j] = s;
  }
}

/**
 * The right operand of `gemm`: a logical [K, N] matrix B read from `src`, either k-major
 * (B[k, j] = src[off + k·ld + j]) or j-major (B[k, j] = src[off + j·ld + k]). Made once and used for many products,
 * it keeps the copies each kernel wants: j-major for the JS kernel, k-major in the SIMD module's memory.
 */
export interface Operand {
  /** K: the summed dimension. */
  K: number;
  /** N: columns of the product. */
  N: number;
  src: Arr;
  off: number;
  ld: number;
  kMajor: boolean;
  /** j-major copy for the JS kernel, made on first use when `src` is k-major. */
  nk?: Arr;
  /** k-major float32 copy in the SIMD module's memory, valid in the scope it was packed in. */
  packed?: SimdPacked | null;
}

/** B as a gemm operand: a [K, N] matrix, k-major (`kMajor`) or j-major, rows `ld` apart from `off`. */
export function operand(src: Arr, off: number, K: number, N: number, ld: number, kMajor: boolean): Operand {
  return { K, N, src, off, ld, kMajor };
}

/**
 * C[cOff + m·ldc + j] (+)= Σ_k A[aOff + m·lda + k] · B[k, j] for m < M, j < N. Every element is one running sum in
 * order of k, in doubles, rounded once into C: the WebAssembly SIMD kernel (float32 arrays, in the worker or Node)
 * and the JS kernel give the same result bit for bit.
 */
export function gemm(M: number, A: Arr, aOff: number, lda: number, B: Operand, C: Arr, cOff: number, ldc: number, acc = false): void {
  const { K, N } = B;
  if (M === 0 || N === 0) return;
  // Small products stay in JS: copying in and out of the module would cost more than it saves.
  if (A instanceof Float32Array && C instanceof Float32Array && B.src instanceof Float32Array && M * N * K >= 4096) {
    if (!simdValid(B.packed)) B.packed = simdPack(K, N, B.src, B.off, B.ld, B.kMajor);
    if (B.packed && simdGemm(M, N, K, A, aOff, lda, B.packed, C, cOff, ldc, acc)) return;
  }
  if (B.kMajor) {
    if (!B.nk) {
      B.nk = alloc(dtypeOf(B.src), N * K);
      transposeInto(B.src, B.off, K, N, B.ld, B.nk, 0, K);
    }
    gemmNT(M, N, K, A, aOff, lda, B.nk, 0, K, C, cOff, ldc, acc);
  } else {
    gemmNT(M, N, K, A, aOff, lda, B.src, B.off, B.ld, C, cOff, ldc, acc);
  }
}

/**
 * out[oOff + i] (+)= Σ_j W[(wRow + i)·cols + j] · x[xOff + j], for i < rows.
 * Accumulates when `acc` is true.
 */
export function matvec(
  W: Arr, wRow: number, rows: number, cols: number,
  x: Arr, xOff: number,
  out: Arr, oOff: number, acc = false,
): void {
  matvecRow(rows, cols, x, xOff, W, wRow * cols, cols, out, oOff, acc);
}

/** dst[dOff + j·ldd + i] = src[sOff + i·lds + j] for i < rows, j < cols: writes the transpose of a [rows, cols] block. */
export function transposeInto(src: Arr, sOff: number, rows: number, cols: number, lds: number, dst: Arr, dOff: number, ldd: number): void {
  // Tiles of 32×32 keep both the rows read and the rows written in cache.
  for (let i0 = 0; i0 < rows; i0 += 32) {
    const i1 = Math.min(rows, i0 + 32);
    for (let j0 = 0; j0 < cols; j0 += 32) {
      const j1 = Math.min(cols, j0 + 32);
      for (let i = i0; i < i1; i++) {
        const s = sOff + i * lds;
        for (let j = j0; j < j1; j++) dst[dOff + j * ldd + i] = src[s + j];
      }
    }
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
