import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { delayedEcho } from '../../src/engine/echo';
import { stepJacobian } from '../../src/engine/jacobian';
import { backpropFromLastStep, gradientFlow, labBatch, labModel, readoutVector, type LabKnobs } from '../../src/engine/lab';
import { IGNORE_INDEX } from '../../src/engine/loss';
import { blockSpectralRadii } from '../../src/engine/spectral';
import { unroll } from '../../src/engine/unroll';
import { CELL_VARIANTS, model64 } from './helpers';

const knobs = (over: Partial<LabKnobs> = {}): LabKnobs => ({ cell: 'rnn', nonlinearity: 'tanh', rho: 1, steps: 30, seed: 3, ...over });

/** |a − b| ≤ atol + rtol·|b| for every element; returns the failures. */
function close(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < b.length; i++) if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) bad.push(`[${i}] ${a[i]} vs ${b[i]}`);
  return bad.slice(0, 5);
}

describe('labModel(base, knobs)', () => {
  it('copies layer 0 of the model, rescales every W_hh gate block to ρ and leaves the model untouched', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const base = model64({ cell, hiddenSize: 6, numLayers: 2 });
      const before = Float64Array.from(base.params.layers[0].weightHh);
      const m = labModel(base, knobs({ cell, rho: 2.2 }));
      expect(m.config.numLayers).toBe(1);
      expect(m.config.outputSize).toBe(0);
      expect(Array.from(m.params.layers[0].weightIh)).toEqual(Array.from(base.params.layers[0].weightIh));
      for (const r of blockSpectralRadii(m.params.layers[0].weightHh, 6)) expect(Math.abs(r - 2.2) / 2.2).toBeLessThan(1e-12);
      expect(Array.from(base.params.layers[0].weightHh)).toEqual(Array.from(before));
    }
  });

  it('draws fresh seeded weights when the cell kind differs from the model', () => {
    const base = model64({ cell: 'rnn', hiddenSize: 5 });
    const a = labModel(base, knobs({ cell: 'lstm' })), b = labModel(base, knobs({ cell: 'lstm' }));
    expect(a.params.layers[0].weightHh.length).toBe(4 * 5 * 5);
    expect(Array.from(a.params.layers[0].weightIh)).toEqual(Array.from(b.params.layers[0].weightIh));
  });

  it('refuses absurd knobs with a message', () => {
    const base = model64({});
    expect(() => labModel(base, knobs({ rho: 0 }))).toThrow(/between 0.1 and 3/);
    expect(() => labModel(base, knobs({ rho: Number.NaN }))).toThrow(/between 0.1 and 3/);
    expect(() => labModel(base, knobs({ steps: 0 }))).toThrow(/from 2 to 1000/);
    expect(() => labModel(base, knobs({ steps: 2.5 }))).toThrow(/whole number/);
  });
});

describe('backpropFromLastStep(model, trace, dhT)', () => {
  it('equals backpropThroughTime\'s dh and dc for a loss on the last step only, for every cell', () => {
    for (const { name, over } of CELL_VARIANTS) {
      // An output layer and class targets ignored everywhere but the last step: bptt's loss depends on h_T only.
      const m = model64({ ...over, hiddenSize: 5, outputSize: 3 });
      const T = 9;
      const batch = labBatch(m, T, 4);
      const trace = unroll(m, batch);
      const classes = new Int32Array(T).fill(IGNORE_INDEX);
      classes[T - 1] = 2;
      const ref = backpropThroughTime(m, batch, trace, { kind: 'classes', classes });
      const dhT = ref.grads.dh[0].slice((T - 1) * 5, T * 5);
      const got = backpropFromLastStep(m, trace, dhT);
      const bad = [
        ...close(got.dh, ref.grads.dh[0], 1e-15, 1e-12),
        ...(ref.grads.dc ? close(got.dc!, ref.grads.dc[0], 1e-15, 1e-12) : []),
        ...close(got.dp.weightHh, ref.grads.layers[0].weightHh, 1e-15, 1e-12),
      ];
      expect(bad.map((b) => `${name}: ${b}`)).toEqual([]);
    }
  });
});

describe('gradientFlow(base, knobs)', () => {
  it('‖∂L_T/∂h_t‖ equals the norm of the product of step Jacobians applied to u, for every cell', () => {
    for (const { name, over } of CELL_VARIANTS) {
      const base = model64({ ...over, hiddenSize: 4 });
      const k = knobs({ cell: base.config.cell, nonlinearity: base.config.nonlinearity, rho: 1.4, steps: 25 });
      const flow = gradientFlow(base, k);
      // Direct computation: g_T = (u, 0), g_{t−1} = J_tᵀ·g_t with J_t = stepJacobian (state (h, c) for an LSTM).
      const m = labModel(base, k);
      const trace = unroll(m, labBatch(base, k.steps, k.seed), { dtype: 'float64' });
      const H = 4, S = m.config.cell === 'lstm' ? 2 * H : H;
      let g = new Float64Array(S);
      g.set(readoutVector(H, k.seed));
      const direct = new Float64Array(k.steps);
      for (let t = k.steps - 1; t >= 0; t--) {
        direct[t] = Math.hypot(...g.subarray(0, H));
        if (t === 0) break;
        const J = stepJacobian(m, trace, 0, 0, t);
        const next = new Float64Array(S);
        for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) next[j] += J[i * S + j] * g[i];
        g = next;
      }
      expect(close(flow.dhNorms, direct, 1e-300, 1e-10).map((b) => `${name}: ${b}`)).toEqual([]);
      expect(flow.dhNorms[k.steps - 1]).toBeCloseTo(1, 14);
      expect(flow.nonFinite).toBeNull();
    }
  });

  it('identity activation: the gradient reaching step 1 shrinks like ρ^(T−1) below 1 and grows above', () => {
    const base = model64({ nonlinearity: 'identity', hiddenSize: 8 });
    const at = (rho: number) => gradientFlow(base, knobs({ nonlinearity: 'identity', rho, steps: 200 })).dhNorms[0];
    expect(at(0.5)).toBeLessThan(1e-40);
    expect(at(0.9)).toBeLessThan(1e-3);
    expect(at(1.5)).toBeGreaterThan(1e20);
    // ‖(Wᵀ)^k·u‖^(1/k) → ρ: the per-step factor over 200 steps is within 10% of ρ.
    for (const rho of [0.5, 0.9, 1.5, 3]) expect(Math.abs(at(rho) ** (1 / 199) / rho - 1)).toBeLessThan(0.1);
  });

  it('reports the first non-finite step instead of norms when an exploding state overflows', () => {
    const base = model64({ nonlinearity: 'identity', hiddenSize: 8 });
    const flow = gradientFlow(base, knobs({ nonlinearity: 'identity', rho: 3, steps: 1000 }));
    expect(flow.nonFinite?.what).toBe('state');
    // 3^t passes 1.8e308 near t = 646.
    expect(flow.nonFinite!.step).toBeGreaterThan(600);
    expect(flow.nonFinite!.step).toBeLessThan(700);
  });

  it('the global parameter gradient explodes with ρ for identity and is bounded for tanh', () => {
    const base = model64({ hiddenSize: 8 });
    const grad = (nonlinearity: 'identity' | 'tanh', rho: number) => gradientFlow(base, knobs({ nonlinearity, rho, steps: 100 })).gradNorm;
    expect(grad('identity', 2)).toBeGreaterThan(1e20);
    expect(grad('identity', 0.5)).toBeLessThan(100);
  });
});

describe('delayedEcho(options)', () => {
  it('gives a symbol, then blanks, and the symbol as the only target at the last step', () => {
    const { batch, targets, symbols } = delayedEcho({ delay: 3, symbols: 4, n: 8, seed: 1 });
    expect([batch.n, batch.T, symbols]).toEqual([8, 4, 4]);
    const x = batch.x!, classes = targets.kind === 'classes' ? targets.classes : new Int32Array();
    const counts = [0, 0, 0, 0];
    for (let b = 0; b < 8; b++) {
      const s = [0, 1, 2, 3].find((k) => x[b * 4 * 5 + k] === 1)!;
      counts[s]++;
      for (let t = 1; t < 4; t++) expect(x[(b * 4 + t) * 5 + 4]).toBe(1);
      expect(Array.from(classes.subarray(b * 4, b * 4 + 4))).toEqual([IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX, s]);
    }
    expect(counts).toEqual([2, 2, 2, 2]);
  });

  it('refuses a delay of 0 or past the limit', () => {
    expect(() => delayedEcho({ delay: 0 })).toThrow(/delay/);
    expect(() => delayedEcho({ delay: 1001 })).toThrow(/delay/);
  });
});
