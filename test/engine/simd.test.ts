import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, shared with npm run build:simd
import { buildSimd } from '../../scripts/build-simd.mjs';
import { backpropThroughTime } from '../../src/engine/bptt';
import { initModel } from '../../src/engine/init';
import { createRng } from '../../src/engine/random';
import { setSimdEnabled, simdAvailable, simdScope } from '../../src/engine/simd';
import { SIMD_WASM_BASE64 } from '../../src/engine/simdModule';
import { gemm, operand } from '../../src/engine/tensor';
import type { Arr } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { CELL_VARIANTS, cfg, randomBatch } from './helpers';

afterEach(() => setSimdEnabled(true));

/** Runs fn with the SIMD kernel on, then off; returns both results. */
function bothWays<R>(fn: () => R): [R, R] {
  setSimdEnabled(true);
  const a = fn();
  setSimdEnabled(false);
  const b = fn();
  setSimdEnabled(true);
  return [a, b];
}

describe('the WebAssembly SIMD kernel', () => {
  it('is available in Node 20, so these tests exercise it', () => {
    expect(simdAvailable()).toBe(true);
  });

  it('is the build of simd.wat (npm run build:simd)', async () => {
    const bytes: Uint8Array = await buildSimd(readFileSync(new URL('../../src/engine/simd.wat', import.meta.url), 'utf8'));
    expect(Buffer.from(bytes).toString('base64')).toBe(SIMD_WASM_BASE64);
  });
});

describe('gemm(M, A, …, B, C, …) with and without SIMD', () => {
  const rng = createRng(11);
  const rand = (len: number) => Float32Array.from({ length: len }, () => rng.uniformIn(-1, 1));
  // Sizes around the kernel's blocks (2 rows × 8 columns, 1 row × 16, 1 × 8, single elements), all large enough
  // (M·N·K ≥ 4096) for the SIMD path.
  const shapes: [number, number, number][] = [[1, 40, 130], [1, 17, 300], [2, 9, 260], [3, 16, 100], [5, 8, 130], [8, 23, 64], [7, 1, 700], [64, 33, 2]];
  for (const [M, N, K] of shapes) {
    for (const kMajor of [false, true]) {
      for (const acc of [false, true]) {
        it(`gives the same float32 bits: M=${M} N=${N} K=${K} ${kMajor ? 'k-major' : 'j-major'} B${acc ? ', accumulating' : ''}`, () => {
          // Strided A and C (lda = K + 3, ldc = N + 2), B with a row stride past its width.
          const A = rand(M * (K + 3)), C0 = rand(M * (N + 2));
          const ldb = (kMajor ? N : K) + 5;
          const Bsrc = rand((kMajor ? K : N) * ldb + 1);
          const [simd, js] = bothWays(() => simdScope(() => {
            const C = C0.slice();
            gemm(M, A, 0, K + 3, operand(Bsrc, 1, K, N, ldb, kMajor), C, 0, N + 2, acc);
            return C;
          }));
          expect(simd).toEqual(js);
          // And both equal a plain dot product in doubles, rounded once.
          const m = M - 1, j = N - 1;
          let s = 0;
          for (let k = 0; k < K; k++) s += A[m * (K + 3) + k] * Bsrc[1 + (kMajor ? k * ldb + j : j * ldb + k)];
          expect(js[m * (N + 2) + j]).toBe(Math.fround(acc ? C0[m * (N + 2) + j] + s : s));
        });
      }
    }
  }
});

describe('unroll and backpropThroughTime in float32 with and without SIMD', () => {
  for (const v of CELL_VARIANTS) {
    it(`give the same trace and gradients bit for bit (ragged batch, truncation): ${v.name}`, () => {
      const m = initModel(cfg({ ...v.over, inputSize: 9, hiddenSize: 40, numLayers: 2, outputSize: 6 }), { seed: 3, dtype: 'float32' });
      const { batch, targets } = randomBatch(m, 3, 9, 5, { lengths: [9, 4, 7] });
      const [a, b] = bothWays(() => {
        const tr = unroll(m, batch);
        return { tr, g: backpropThroughTime(m, batch, tr, targets, { truncation: 4 }) };
      });
      const flat = (xs: (Arr | null)[]) => xs.map((x) => (x ? Array.from(x) : null));
      for (let l = 0; l < 2; l++) {
        const ta = a.tr.layers[l], tb = b.tr.layers[l];
        expect(flat([ta.ih, ta.hh, ta.pre, ta.act, ta.h, ta.c])).toEqual(flat([tb.ih, tb.hh, tb.pre, tb.act, tb.h, tb.c]));
        const ga = a.g.grads.layers[l], gb = b.g.grads.layers[l];
        expect(flat([ga.weightIh, ga.weightHh, ga.biasIh, ga.biasHh])).toEqual(flat([gb.weightIh, gb.weightHh, gb.biasIh, gb.biasHh]));
      }
      expect(flat([a.tr.logits, a.g.grads.outWeight, a.g.grads.h0, a.g.grads.c0, a.g.grads.x])).toEqual(flat([b.tr.logits, b.g.grads.outWeight, b.g.grads.h0, b.g.grads.c0, b.g.grads.x]));
      expect(a.g.loss).toBe(b.g.loss);
    });
  }
});
