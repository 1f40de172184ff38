/**
 * The WebAssembly SIMD kernel of gemm (simd.wat): the same sums as the JS kernel, two f64 lanes at a time, so it
 * gives the same float32 results bit for bit, 2–3× faster. Used for float32 arrays where WebAssembly SIMD exists
 * and may be compiled: in the worker and in Node. On a page (a `document` exists) the engine stays in JS: the
 * app's Content-Security-Policy does not allow compiling WebAssembly there, and the heavy work runs in the worker.
 *
 * Operands are copied into the module's memory: a packed right operand stays there for a scope (a layer's pass),
 * the rows of A and C of one call are copied in and out in chunks.
 */
import { SIMD_WASM_BASE64 } from './simdModule';

/** The instantiated module. */
interface Kernel {
  memory: WebAssembly.Memory;
  gemm: (M: number, N: number, K: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, acc: number) => void;
}

let kernel: Kernel | null | undefined;
/** Bytes in use at the top of the module's memory (a stack: scopes release what they packed). */
let top = 0;
/** Counts scopes, so that an operand packed in an ended scope is packed again. */
let epoch = 0;
let depth = 0;
let f32: Float32Array = new Float32Array(0);

/** The kernel, instantiated on first use; null where WebAssembly SIMD is missing or not allowed. */
function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly !== 'object' || typeof document !== 'undefined' || typeof atob !== 'function') return null;
    const bytes = Uint8Array.from(atob(SIMD_WASM_BASE64), (ch) => ch.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return null;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Kernel;
    kernel = { memory: exports.memory, gemm: exports.gemm };
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
  if (f32.buffer !== k.memory.buffer) f32 = new Float32Array(k.memory.buffer);
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
