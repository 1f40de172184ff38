import { afterEach, describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { initModel } from '../../src/engine/init';
import { createRng } from '../../src/engine/random';
import { setSimdEnabled, simdAvailable, simdGemmRows, simdPackPairs, simdScope } from '../../src/engine/simd';
import { gemm, operand } from '../../src/engine/tensor';
import type { Arr } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { CELL_VARIANTS, cfg, randomBatch } from './helpers';

// The kernel with lanes over rows (gemmt in simd.wat): W_hh·h_{t-1} for a batch of samples, and the input
// projection of many steps. It must give the bits of the JS kernel, whatever the number of rows (groups of 8, then
// 6, 4, 2 with a padding row when odd) and columns (pairs, a padding column when odd).

afterEach(() => setSimdEnabled(true));

const rng = createRng(23);
const rand = (len: number) => Float32Array.from({ length: len }, () => rng.uniformIn(-1, 1));

describe('simdGemmRows(M, A, …, B packed in column pairs, C, …)', () => {
  it('runs here (Node 20 has WebAssembly SIMD), so these tests exercise it', () => {
    expect(simdAvailable()).toBe(true);
  });

  const Ms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 16, 17, 23];
  const NKs: [number, number][] = [[1, 7], [2, 1], [3, 64], [8, 5], [9, 33], [33, 130], [40, 16]];
  for (const M of Ms) {
    for (const [N, K] of NKs) {
      for (const kMajor of [false, true]) {
        it(`gives the bits of the JS kernel: M=${M} N=${N} K=${K} ${kMajor ? 'k-major' : 'j-major'} B`, () => {
          // Strided A and C (lda = K + 3, ldc = N + 2), B with a row stride past its width, from an offset.
          const lda = K + 3, ldc = N + 2, ldb = (kMajor ? N : K) + 5;
          const A = rand(2 + M * lda), Bsrc = rand(1 + (kMajor ? K : N) * ldb), C0 = rand(M * ldc + 4);
          const simd = C0.slice();
          const ran = simdScope(() => {
            const pairs = simdPackPairs(K, N, Bsrc, 1, ldb, kMajor);
            return !!pairs && simdGemmRows(M, A, 2, lda, pairs, simd, 1, ldc);
          });
          expect(ran).toBe(true);
          setSimdEnabled(false);
          const js = C0.slice();
          gemm(M, A, 2, lda, operand(Bsrc, 1, K, N, ldb, kMajor), js, 1, ldc);
          setSimdEnabled(true);
          expect(simd).toEqual(js);
          // Outside the [M, N] block (the strides' gaps) nothing was written.
          for (let m = 0; m < M; m++) expect([simd[1 + m * ldc + N], simd[1 + m * ldc + N + 1]]).toEqual([C0[1 + m * ldc + N], C0[1 + m * ldc + N + 1]]);
          expect(simd[0]).toBe(C0[0]);
          // And each element is a plain dot product in doubles, in order of k, rounded once.
          for (const [m, j] of [[0, 0], [M - 1, N - 1], [M >> 1, N >> 1]]) {
            let s = 0;
            for (let k = 0; k < K; k++) s += A[2 + m * lda + k] * Bsrc[1 + (kMajor ? k * ldb + j : j * ldb + k)];
            expect(simd[1 + m * ldc + j]).toBe(Math.fround(s));
          }
        });
      }
    }
  }

  it('does not run outside a scope, or with an operand packed in a scope that has closed', () => {
    expect(simdPackPairs(4, 4, rand(16), 0, 4, false)).toBeNull();
    const stale = simdScope(() => simdPackPairs(4, 4, rand(16), 0, 4, false));
    expect(stale).not.toBeNull();
    const C = new Float32Array(8);
    expect(simdScope(() => simdGemmRows(2, rand(8), 0, 4, stale!, C, 0, 4))).toBe(false);
    expect(C).toEqual(new Float32Array(8));
  });

  it('gives large products the bits of the JS kernel too (chunks of rows past 2 MB)', () => {
    const M = 1000, N = 300, K = 260;
    const A = rand(M * K), W = rand(N * K);
    const simd = new Float32Array(M * N), js = new Float32Array(M * N);
    expect(simdScope(() => simdGemmRows(M, A, 0, K, simdPackPairs(K, N, W, 0, K, false)!, simd, 0, N))).toBe(true);
    setSimdEnabled(false);
    gemm(M, A, 0, K, operand(W, 0, K, N, K, false), js, 0, N);
    expect(simd).toEqual(js);
  });
});

describe('unroll and backpropThroughTime in float32, batched through the kernel or not', () => {
  const flat = (xs: (Arr | null)[]) => xs.map((x) => (x ? Array.from(x) : null));
  // Batches of 1 to 9 samples; H = 37 (odd: odd column counts for RNN and GRU, groups of 8 rows then a rest);
  // some batches with lengths that differ (the batched product stops at the shortest, then each sample alone).
  const cases: { n: number; lengths?: number[] }[] = [
    { n: 1 }, { n: 2 }, { n: 3, lengths: [11, 4, 7] }, { n: 4 }, { n: 5, lengths: [11, 11, 2, 9, 11] }, { n: 6 },
    { n: 7 }, { n: 8 }, { n: 8, lengths: [3, 11, 11, 11, 11, 11, 11, 10] }, { n: 9, lengths: [11, 1, 11, 5, 11, 11, 11, 11, 8] },
  ];
  for (const v of CELL_VARIANTS) {
    for (const { n, lengths } of cases) {
      it(`give the same trace and gradients bit for bit: ${v.name}, n=${n}${lengths ? ', ragged' : ''}`, () => {
        const m = initModel(cfg({ ...v.over, inputSize: 13, hiddenSize: 37, numLayers: 2, outputSize: 3 }), { seed: 5, dtype: 'float32' });
        const { batch, targets } = randomBatch(m, n, 11, 9, { lengths });
        const run = () => {
          const tr = unroll(m, batch);
          return { tr, g: backpropThroughTime(m, batch, tr, targets) };
        };
        const a = run();
        setSimdEnabled(false);
        const b = run();
        setSimdEnabled(true);
        for (let l = 0; l < 2; l++) {
          const ta = a.tr.layers[l], tb = b.tr.layers[l];
          expect(flat([ta.ih, ta.hh, ta.pre, ta.act, ta.h, ta.c, ta.hLast, ta.cLast])).toEqual(flat([tb.ih, tb.hh, tb.pre, tb.act, tb.h, tb.c, tb.hLast, tb.cLast]));
          const ga = a.g.grads.layers[l], gb = b.g.grads.layers[l];
          expect(flat([ga.weightIh, ga.weightHh, ga.biasIh, ga.biasHh])).toEqual(flat([gb.weightIh, gb.weightHh, gb.biasIh, gb.biasHh]));
        }
        expect(flat([a.tr.logits, a.tr.y, a.g.grads.x])).toEqual(flat([b.tr.logits, b.tr.y, b.g.grads.x]));
        expect(a.g.loss).toBe(b.g.loss);
      });
    }
  }

  it('gives each sample of a batch the bits it gets alone (batch 8 against 8 runs of batch 1)', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const m = initModel(cfg({ cell, inputSize: 16, hiddenSize: 48, outputSize: 2 }), { seed: 2, dtype: 'float32' });
      const n = 8, T = 6, D = 16, H = 48;
      const { batch } = randomBatch(m, n, T, 4, { lengths: [6, 6, 6, 5, 6, 6, 6, 6] });
      const whole = unroll(m, batch).layers[0].h;
      for (let b = 0; b < n; b++) {
        const len = batch.lengths![b];
        const one = unroll(m, {
          n: 1, T: len, x: batch.x!.subarray(b * T * D, (b * T + len) * D), tokens: null, lengths: null,
          h0: batch.h0!.subarray(b * H, (b + 1) * H), c0: batch.c0 ? batch.c0.subarray(b * H, (b + 1) * H) : null,
        }).layers[0].h;
        expect(Array.from(one)).toEqual(Array.from(whole.subarray(b * T * H, (b * T + len) * H)));
      }
    }
  });
});
