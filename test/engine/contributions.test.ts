import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { stepContributions } from '../../src/engine/contributions';
import { computeLoss } from '../../src/engine/loss';
import type { Arr, Batch, Model, ModelConfig, Targets } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { CELL_VARIANTS, cfg, model64, randomBatch } from './helpers';

/** max |a − b| over two arrays of the same length. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function frob(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function setup(over: Partial<ModelConfig>, opts: { n?: number; T?: number; lengths?: number[]; truncation?: number; layer?: number } = {}) {
  const m = model64(over);
  const { batch, targets } = randomBatch(m, opts.n ?? 2, opts.T ?? 5, 3, { lengths: opts.lengths });
  const trace = unroll(m, batch);
  const { grads } = backpropThroughTime(m, batch, trace, targets, { truncation: opts.truncation });
  const steps = stepContributions(m, trace, targets, grads, { layer: opts.layer, truncation: opts.truncation });
  return { m, batch, targets, trace, grads, steps };
}

describe('stepContributions(model, trace, targets, grads)', () => {
  for (const { name, over } of CELL_VARIANTS) {
    for (const truncation of [0, 2]) {
      it(`${name}, truncation ${truncation}: the pieces of every step sum to backpropThroughTime's gradients`, () => {
        const { grads, steps } = setup({ ...over, numLayers: 2 }, { n: 2, T: 5, lengths: [5, 3], truncation, layer: 0 });
        const g = grads.layers[0];
        // Float64 throughout: only the order of additions differs.
        expect(maxDiff(steps.totals.weightIh, g.weightIh)).toBeLessThan(1e-12);
        expect(maxDiff(steps.totals.weightHh, g.weightHh)).toBeLessThan(1e-12);
        expect(maxDiff(steps.totals.biasIh, g.biasIh)).toBeLessThan(1e-12);
        expect(maxDiff(steps.totals.biasHh, g.biasHh)).toBeLessThan(1e-12);
        expect(maxDiff(steps.totals.outWeight!, grads.outWeight!)).toBeLessThan(1e-12);
        expect(maxDiff(steps.totals.outBias!, grads.outBias!)).toBeLessThan(1e-12);
      });
    }
    it(`${name}: the top layer's pieces sum to its gradients, and ∂L/∂h_t splits into Vᵀ·∂L/∂o_t + (from t + 1)`, () => {
      const { m, trace, targets, grads, steps } = setup({ ...over, numLayers: 2 }, { n: 2, T: 4, lengths: [4, 2] });
      expect(steps.layer).toBe(1);
      expect(maxDiff(steps.totals.weightHh, grads.layers[1].weightHh)).toBeLessThan(1e-12);
      expect(maxDiff(steps.totals.weightIh, grads.layers[1].weightIh)).toBeLessThan(1e-12);
      const { dLogits } = computeLoss(m, trace, targets);
      const H = m.config.hiddenSize, O = m.config.outputSize, V = m.params.outWeight!;
      for (let bt = 0; bt < 2 * 4; bt++) {
        for (let j = 0; j < H; j++) {
          let vt = 0;
          for (let i = 0; i < O; i++) vt += V[i * H + j] * dLogits[bt * O + i];
          expect(steps.fromAbove[bt * H + j]).toBeCloseTo(vt, 12);
          expect(steps.fromAbove[bt * H + j] + steps.fromNext[bt * H + j]).toBeCloseTo(grads.dh[1][bt * H + j], 12);
        }
        expect(steps.dhNorm[bt]).toBeCloseTo(frob(grads.dh[1].subarray(bt * H, (bt + 1) * H)), 12);
        expect(steps.fromAboveNorm[bt]).toBeCloseTo(frob(steps.fromAbove.subarray(bt * H, (bt + 1) * H)), 12);
        expect(steps.fromNextNorm[bt]).toBeCloseTo(frob(steps.fromNext.subarray(bt * H, (bt + 1) * H)), 12);
      }
      // What step 1 sends back to h_0 is the engine's ∂L/∂h_0 of the layer.
      for (let b = 0; b < 2; b++) expect(steps.dh0Norm[b]).toBeCloseTo(frob(grads.h0.subarray((2 + b) * H, (3 + b) * H)), 12);
    });
  }

  it('RNN: δ_t = σ\'(a_t) ⊙ (Wᵀ·δ_{t+1} + Vᵀ·∂L/∂o_t), and the running sums end at the gradient norm', () => {
    const { m, grads, steps } = setup({ cell: 'rnn', nonlinearity: 'tanh' }, { n: 1, T: 6 });
    const H = m.config.hiddenSize, W = m.params.layers[0].weightHh;
    for (let t = 0; t < 6; t++) {
      for (let j = 0; j < H; j++) {
        const s = t * H + j;
        expect(steps.delta[s]).toBeCloseTo(steps.slope![s] * (steps.fromNext[s] + steps.fromAbove[s]), 13);
        // fromNext_t = Wᵀ·δ_{t+1}
        let wd = 0;
        if (t < 5) for (let i = 0; i < H; i++) wd += W[i * H + j] * steps.delta[(t + 1) * H + i];
        expect(steps.fromNext[s]).toBeCloseTo(wd, 13);
      }
    }
    expect(steps.partialNorms.weightHh[0]).toBeCloseTo(frob(grads.layers[0].weightHh), 12);
    expect(steps.partialNorms.weightIh[0]).toBeCloseTo(frob(grads.layers[0].weightIh), 12);
    expect(steps.partialNorms.outWeight[0]).toBeCloseTo(frob(grads.outWeight!), 12);
    // The last step's running sum is its own piece.
    expect(steps.partialNorms.weightHh[5]).toBe(steps.norms.weightHh[5]);
  });

  it('LSTM: ‖∂L/∂c_t‖ is the norm of the engine\'s total ∂L/∂c_t', () => {
    const { m, grads, steps } = setup({ cell: 'lstm' }, { n: 1, T: 4 });
    const H = m.config.hiddenSize;
    for (let t = 0; t < 4; t++) expect(steps.dcNorm![t]).toBeCloseTo(frob(grads.dc![0].subarray(t * H, (t + 1) * H)), 12);
    expect(steps.slope).toBeNull();
    expect(steps.G).toBe(4);
  });

  it('a model without biases reports zero bias pieces but still gives δ_t', () => {
    const { grads, steps } = setup({ cell: 'gru', bias: false }, { n: 1, T: 3 });
    expect(maxDiff(steps.totals.weightHh, grads.layers[0].weightHh)).toBeLessThan(1e-12);
    expect(frob(steps.totals.biasIh)).toBe(0);
    expect(frob(steps.delta)).toBeGreaterThan(0);
  });

  it('refuses a layer the model does not have', () => {
    const { m, trace, targets, grads } = setup({ cell: 'rnn' }, { n: 1, T: 2 });
    expect(() => stepContributions(m, trace, targets, grads, { layer: 3 })).toThrow(/Layer 3 does not exist/);
  });
});

describe('stepContributions on a hand-worked identity RNN (T = 2, H = 1)', () => {
  // U = 1, W = 0.5, b = 0, V = 2, c = 0, σ = identity; x = (1, 0), h0 = 0, targets (0, 0), MSE over N = 2 steps.
  //   h1 = 1·1 + 0.5·0 = 1, y1 = 2;  h2 = 1·0 + 0.5·1 = 0.5, y2 = 1;  L = (2² + 1²)/2 = 2.5
  //   ∂L/∂o_t = 2(y_t − 0)/N: ∂L/∂o1 = 2, ∂L/∂o2 = 1
  //   t = 2: ∂L/∂h2 = V·1 = 2 (from above), nothing from t = 3;  δ2 = 1·2 = 2
  //          ΔW_2 = δ2·h1 = 2,  ΔU_2 = δ2·x2 = 0,  ΔV_2 = ∂L/∂o2·h2 = 0.5
  //   t = 1: from above V·2 = 4, from t = 2 W·δ2 = 1, ∂L/∂h1 = 5;  δ1 = 5
  //          ΔW_1 = δ1·h0 = 0,  ΔU_1 = δ1·x1 = 5,  ΔV_1 = ∂L/∂o1·h1 = 2
  //   sums: ∂L/∂W = 2, ∂L/∂U = 5, ∂L/∂V = 2.5. Check by hand: L(W) = (4 + 4W²)/2, L'(W) = 4W = 2;
  //   L(U) = (4U² + U²)/2, L'(U) = 5U = 5;  L(V) = (V² + V²/4)/2, L'(V) = 1.25V = 2.5.
  const config = cfg({ inputSize: 1, hiddenSize: 1, outputSize: 1, outputActivation: 'identity', nonlinearity: 'identity' });
  const f = (...a: number[]) => Float64Array.from(a);
  const m: Model = {
    config,
    params: { layers: [{ weightIh: f(1), weightHh: f(0.5), biasIh: f(0), biasHh: f(0) }], embedding: null, outWeight: f(2), outBias: f(0) },
    vocabulary: [],
  };
  const batch: Batch = { n: 1, T: 2, x: f(1, 0), tokens: null, lengths: null, h0: f(0), c0: null };
  const targets: Targets = { kind: 'values', values: f(0, 0) };
  const trace = unroll(m, batch);
  const { loss, grads } = backpropThroughTime(m, batch, trace, targets);
  const s = stepContributions(m, trace, targets, grads);
  const arr = (a: Arr | Float64Array) => Array.from(a);

  it('gives the loss, ∂L/∂o_t, the split of ∂L/∂h_t and δ_t', () => {
    expect(loss).toBe(2.5);
    expect(arr(s.dLogits)).toEqual([2, 1]);
    expect(arr(s.fromAbove)).toEqual([4, 2]);
    expect(arr(s.fromNext)).toEqual([1, 0]);
    expect(arr(s.delta)).toEqual([5, 2]);
    expect(arr(s.slope!)).toEqual([1, 1]);
    // ∂L/∂h_0 = W·δ1 = 2.5
    expect(arr(s.dh0Norm)).toEqual([2.5]);
  });

  it('gives each step\'s pieces and the running sums from t = 2 back to t = 1', () => {
    expect(arr(s.norms.weightHh)).toEqual([0, 2]);
    expect(arr(s.norms.weightIh)).toEqual([5, 0]);
    expect(arr(s.norms.outWeight)).toEqual([2, 0.5]);
    expect(arr(s.partialNorms.weightHh)).toEqual([2, 2]);
    expect(arr(s.partialNorms.weightIh)).toEqual([5, 0]);
    expect(arr(s.partialNorms.outWeight)).toEqual([2.5, 0.5]);
    expect([s.totals.weightHh[0], s.totals.weightIh[0], s.totals.outWeight![0]]).toEqual([2, 5, 2.5]);
  });
});
