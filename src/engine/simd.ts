/**
 * The WebAssembly SIMD kernel of gemm (simd.wat): the same sums as the JS kernel, two f64 lanes at a time, so it
 * gives the same float32 results bit for bit, 2–3× faster. Used for float32 arrays where WebAssembly SIMD exists
 * and may be compiled: in the worker and in Node. On a page (a `document` exists) the engine stays in JS: the
 * app's Content-Security-Policy does not allow compiling WebAssembly there, and the heavy work runs in the worker.
 *
 * Operands are copied into the module's memory: a packed right operand stays there for a scope (a layer's pass),
 * the rows of A and C of one call are copied in and out in chunks.
 *
 * A second kernel (gemmt, simdGemmRows) puts the lanes over rows of A instead of columns of B, with both operands
 * converted to float64 on the way in: each value of B, loaded once, feeds up to 8 rows, with no conversion in the
 * inner loop. The forward pass uses it for the input projection of all steps and for W_hh·h_{t-1} of a batch.
 */
import { SIMD_WASM_BASE64 } from './simdModule';

/** The instantiated module. */
interface Kernel {
  memory: WebAssembly.Memory;
  gemm: (M: number, N: number, K: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, acc: number) => void;
  gemmt: (M: number, np: number, K: number, a: number, b: number, c: number, ldc: number) => void;
}

let kernel: Kernel | null | undefined;
/** Bytes in use at the top of the module's memory (a stack: scopes release what they packed). */
let top = 0;
/** Counts scopes, so that an operand packed in an ended scope is packed again. */
let epoch = 0;
let depth = 0;
let f32: Float32Array = new Float32Array(0);
let f64: Float64Array = new Float64Array(0);

/** The kernel, instantiated on first use; null where WebAssembly SIMD is missing or not allowed. */
function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly !== 'object' || typeof document !== 'undefined' || typeof atob !== 'function') return null;
    const bytes = Uint8Array.from(atob(SIMD_WASM_BASE64), (ch) => ch.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return null;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Kernel;
    kernel = { memory: exports.memory, gemm: exports.gemm, gemmt: exports.gemmt };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether float32 products go through WebAssembly SIMD here. */
export function simdAvailable(): boolean {
  return load() !== null;
}

/** Sets kernel use off (false) or back to automatic (true), for tests that compare the two paths. */
export function setSimdEnabled(on: boolean): void {
  kernel = on ? undefined : null;
}

/** Reserves `floats` float32 values on the stack; returns the byte offset, or -1 if the memory cannot grow. */
function reserve(k: Kernel, floats: number): number {
  const at = top;
  // 64-byte alignment: a packed row starts on a cache line.
  const end = at + ((floats * 4 + 63) & ~63);
  const have = k.memory.buffer.byteLength;
  if (end > have) {
    try {
      k.memory.grow(Math.ceil((end - have) / 65536));
    } catch {
      return -1;
    }
  }
  if (f32.buffer !== k.memory.buffer) { f32 = new Float32Array(k.memory.buffer); f64 = new Float64Array(k.memory.buffer); }
  top = end;
  return at;
}

/** Runs `fn` in a scope: what it packs is released when it returns. */
export function simdScope<R>(fn: () => R): R {
  const mark = top;
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    top = mark;
    epoch++;
  }
}

/** A right operand as the kernel reads it: [K, N] float32 rows of stride ld, at a byte offset, in one scope. */
export interface SimdPacked {
  ptr: number;
  ld: number;
  epoch: number;
}

/**
 * Copies a logical [K, N] matrix into the module's memory, k-major, rows padded so that their stride is not a
 * multiple of 4 KB (rows that far apart would fight for the same cache sets). `at(k, j)` reads the source.
 * @returns null when the kernel is not in use, the memory cannot grow, or no scope is open.
 */
export function simdPack(K: number, N: number, src: Float32Array, off: number, ld: number, kMajor: boolean): SimdPacked | null {
  const k = load();
  if (!k || depth === 0) return null;
  const pad = ((N + 15) & ~15) + 16;
  const ptr = reserve(k, K * pad);
  if (ptr < 0) return null;
  const base = ptr >> 2;
  if (kMajor) {
    for (let r = 0; r < K; r++) f32.set(src.subarray(off + r * ld, off + r * ld + N), base + r * pad);
  } else {
    // Transpose in 32×32 tiles: dst[k, j] = src[j, k].
    for (let j0 = 0; j0 < N; j0 += 32) {
      const j1 = Math.min(N, j0 + 32);
      for (let k0 = 0; k0 < K; k0 += 32) {
        const k1 = Math.min(K, k0 + 32);
        for (let j = j0; j < j1; j++) {
          const s = off + j * ld;
          for (let r = k0; r < k1; r++) f32[base + r * pad + j] = src[s + r];
        }
      }
    }
  }
  return { ptr, ld: pad, epoch };
}

/** Whether a packed operand is still valid (packed in the scope still open). */
export function simdValid(p: SimdPacked | null | undefined): p is SimdPacked {
  return !!p && p.epoch === epoch && depth > 0;
}

/**
 * C[cOff + m·ldc + j] (+)= Σ_k A[aOff + m·lda + k] · B[k, j] for m < M, j < N, with B packed.
 * @returns false when it could not run (then nothing was written).
 */
export function simdGemm(M: number, N: number, K: number, A: Float32Array, aOff: number, lda: number, B: SimdPacked, C: Float32Array, cOff: number, ldc: number, acc: boolean): boolean {
  const k = load();
  if (!k || !simdValid(B)) return false;
  const mark = top;
  try {
    // Rows per chunk: about 2 MB of A and C in the module's memory at a time.
    const rows = Math.max(2, Math.min(M, Math.floor((2 << 20) / (4 * (K + N)))));
    const pa = reserve(k, rows * K);
    const pc = pa < 0 ? -1 : reserve(k, rows * N);
    if (pc < 0) return false;
    for (let m0 = 0; m0 < M; m0 += rows) {
      const mr = Math.min(rows, M - m0);
      const a = pa >> 2, c = pc >> 2;
      for (let r = 0; r < mr; r++) {
        const s = aOff + (m0 + r) * lda;
        f32.set(A.subarray(s, s + K), a + r * K);
        if (acc) { const t = cOff + (m0 + r) * ldc; f32.set(C.subarray(t, t + N), c + r * N); }
      }
      k.gemm(mr, N, K, pa, K, B.ptr, B.ld, pc, N, acc ? 1 : 0);
      for (let r = 0; r < mr; r++) C.set(f32.subarray(c + r * N, c + (r + 1) * N), cOff + (m0 + r) * ldc);
    }
    return true;
  } finally {
    top = mark;
  }
}

/** A right operand for simdGemmRows: [K, N] float64 column pairs in the module's memory, in one scope. */
export interface SimdPairs {
  ptr: number;
  K: number;
  N: number;
  epoch: number;
}

/**
 * Copies a logical [K, N] matrix into the module's memory as float64 column pairs (pair p holds B[k, 2p] and
 * B[k, 2p + 1] side by side for k = 0, 1, …; an odd N gets a zero column), the layout of gemmt. `src` is read
 * k-major (B[k, j] = src[off + k·ld + j]) or j-major (src[off + j·ld + k], PyTorch's weight layout).
 * @returns null when the kernel is not in use, the memory cannot grow, or no scope is open.
 */
export function simdPackPairs(K: number, N: number, src: Float32Array, off: number, ld: number, kMajor: boolean): SimdPairs | null {
  const k = load();
  if (!k || depth === 0 || K === 0 || N === 0) return null;
  const np = (N + 1) >> 1;
  const ptr = reserve(k, np * K * 4);
  if (ptr < 0) return null;
  const base = ptr >> 3;
  for (let j = 0; j < 2 * np; j++) {
    const d = base + (j >> 1) * 2 * K + (j & 1);
    if (j >= N) { for (let r = 0; r < K; r++) f64[d + 2 * r] = 0; continue; }
    if (kMajor) for (let r = 0; r < K; r++) f64[d + 2 * r] = src[off + r * ld + j];
    else { const s = off + j * ld; for (let r = 0; r < K; r++) f64[d + 2 * r] = src[s + r]; }
  }
  return { ptr, K, N, epoch };
}

/**
 * C[cOff + m·ldc + j] = Σ_k A[aOff + m·lda + k] · B[k, j] for m < M, j < N, with B packed by simdPackPairs: the same
 * sums as simdGemm and the JS kernel (one running sum per element, in order of k, rounded once), computed with the
 * lanes over rows of A, so that each value of B feeds up to 8 rows. For a batch of samples (the recurrent product
 * W_hh·h_{t-1} of n samples) or many time steps (the input projection), where M ≥ 2. Does not accumulate into C.
 * @returns false when it could not run (then nothing was written).
 */
export function simdGemmRows(M: number, A: Float32Array, aOff: number, lda: number, B: SimdPairs, C: Float32Array, cOff: number, ldc: number): boolean {
  const k = load();
  if (!k || B.epoch !== epoch || depth === 0) return false;
  const { K, N } = B;
  const np = (N + 1) >> 1, ldp = 2 * np;
  const mark = top;
  try {
    // Rows per chunk (a multiple of 8): about 2 MB of A (float64) and C in the module's memory at a time.
    const rows = Math.max(8, Math.min((M + 7) & ~7, Math.floor((2 << 20) / (8 * K + 4 * ldp)) & ~7));
    const pa = reserve(k, rows * K * 2);
    const pc = pa < 0 ? -1 : reserve(k, rows * ldp);
    if (pc < 0) return false;
    const a = pa >> 3, c = pc >> 2;
    for (let m0 = 0; m0 < M; m0 += rows) {
      const mr = Math.min(rows, M - m0);
      // A, converted to float64, in groups of 8 rows: group g holds row 8g + r at k·w + r (w: 8, or the last group's
      // rows rounded up to even, its padding row set to 0).
      for (let g = 0; g * 8 < mr; g++) {
        const r1 = Math.min(8, mr - 8 * g), w = r1 === 8 ? 8 : (r1 + 1) & ~1;
        const dst = a + g * K * 8;
        for (let r = 0; r < r1; r++) {
          const s = aOff + (m0 + 8 * g + r) * lda;
          for (let q = 0; q < K; q++) f64[dst + q * w + r] = A[s + q];
        }
        if (r1 < w) for (let q = 0; q < K; q++) f64[dst + q * w + r1] = 0;
      }
      k.gemmt(mr, np, K, pa, B.ptr, pc, ldp);
      if (ldc === N && ldp === N) C.set(f32.subarray(c, c + (mr - 1) * ldp + N), cOff + m0 * ldc);
      else for (let r = 0; r < mr; r++) C.set(f32.subarray(c + r * ldp, c + r * ldp + N), cOff + (m0 + r) * ldc);
    }
    return true;
  } finally {
    top = mark;
  }
}
