import { describe, expect, it } from 'vitest';
import { cellOf } from '../../src/engine/cells';
import { initModel, type InitScheme } from '../../src/engine/init';
import { namedParams } from '../../src/engine/named';
import { createRng } from '../../src/engine/random';
import type { Arr, ModelConfig } from '../../src/engine/types';
import { cfg } from './helpers';

const SCHEMES: InitScheme[] = ['pytorch', 'xavier', 'orthogonal'];

function maxAbs(a: Arr): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** The largest |(W Wᵀ − I)_ij| of an H×H block at `off`. */
function orthogonalityError(W: Arr, off: number, H: number): number {
  let worst = 0;
  for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) {
    let s = 0;
    for (let k = 0; k < H; k++) s += W[off + i * H + k] * W[off + j * H + k];
    worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
  }
  return worst;
}

describe("initModel(config, { scheme: 'pytorch' })", () => {
  // nn.RNN/LSTM/GRU.reset_parameters: every tensor U(−k, k), k = 1/√H; nn.Linear(H, O): kaiming_uniform(a = √5)
  // gives the weight bound √(1/3)·√(3/H) = 1/√H and the bias bound 1/√fan_in = 1/√H; nn.Embedding: N(0, 1).
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`keeps every recurrent and output tensor within ±1/√H and uses the range: ${cell}`, () => {
      const H = 16;
      const m = initModel(cfg({ cell, hiddenSize: H, inputSize: 8, numLayers: 2, outputSize: 12 }), { seed: 3, dtype: 'float64' });
      const named = namedParams(m);
      expect(named.filter((p) => maxAbs(p.data) > 1 / Math.sqrt(H)).map((p) => p.name)).toEqual([]);
      // 12 or more uniform draws all below 0.5·k would have probability ≤ 2^-12.
      expect(named.filter((p) => maxAbs(p.data) <= 0.5 / Math.sqrt(H)).map((p) => p.name)).toEqual([]);
    });
  }

  it('draws the embedding from N(0, 1): mean within 0.05 and variance within 0.05 of 1 over 10 000 values', () => {
    // Standard errors over N = 10 000: mean 0.01, variance √(2/N) ≈ 0.014; 0.05 is over 3.5 of them.
    const E = Array.from(initModel(cfg({ embeddingSize: 500, inputSize: 20 }), { seed: 5, dtype: 'float64' }).params.embedding!);
    const mean = E.reduce((s, v) => s + v, 0) / E.length;
    const variance = E.reduce((s, v) => s + (v - mean) ** 2, 0) / E.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('draws in the documented order: embedding, then per layer weight_ih, weight_hh, bias_ih, bias_hh, then out', () => {
    const c = cfg({ cell: 'gru', embeddingSize: 4, inputSize: 2, hiddenSize: 3, numLayers: 2, outputSize: 2 });
    const m = initModel(c, { seed: 17, dtype: 'float64' });
    const rng = createRng(17);
    const k = 1 / Math.sqrt(3);
    const named = namedParams(m);
    const want = named.map((p) => [p.name, Array.from(p.data, () => (p.name === 'embedding.weight' ? rng.normal() : rng.uniformIn(-k, k)))]);
    expect(Object.fromEntries(named.map((p) => [p.name, Array.from(p.data)]))).toEqual(Object.fromEntries(want));
  });

  it('leaves the biases at zero without bias (nn.RNN(bias=False) has none)', () => {
    const m = initModel(cfg({ cell: 'lstm', bias: false }), { seed: 1 });
    for (const l of m.params.layers) expect(maxAbs(l.biasIh) + maxAbs(l.biasHh)).toBe(0);
  });
});

describe("initModel(config, { scheme: 'xavier' | 'orthogonal' })", () => {
  it("keeps weights within √(6/(fan_in + fan_out)) per gate block and zeroes biases ('xavier')", () => {
    const D = 5, H = 7, O = 3;
    const m = initModel(cfg({ cell: 'lstm', inputSize: D, hiddenSize: H, numLayers: 2, outputSize: O }), { seed: 9, scheme: 'xavier', dtype: 'float64' });
    m.params.layers.forEach((l, i) => {
      expect(maxAbs(l.weightIh)).toBeLessThanOrEqual(Math.sqrt(6 / ((i === 0 ? D : H) + H)));
      expect(maxAbs(l.weightHh)).toBeLessThanOrEqual(Math.sqrt(6 / (2 * H)));
      expect(maxAbs(l.biasIh) + maxAbs(l.biasHh)).toBe(0);
    });
    expect(maxAbs(m.params.outWeight!)).toBeLessThanOrEqual(Math.sqrt(6 / (H + O)));
    expect(maxAbs(m.params.outBias!)).toBe(0);
  });

  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`makes every H×H gate block of W_hh orthogonal, W·Wᵀ = I within 1e-12 in float64 ('orthogonal'): ${cell}`, () => {
      const bad: string[] = [];
      for (const H of [1, 2, 5, 16, 32, 64]) for (const seed of [1, 2, 3]) {
        const m = initModel(cfg({ cell, hiddenSize: H, numLayers: 2 }), { seed, scheme: 'orthogonal', dtype: 'float64' });
        m.params.layers.forEach((l, li) => {
          for (let g = 0; g < cellOf(cell).gates; g++) {
            const err = orthogonalityError(l.weightHh, g * H * H, H);
            if (!(err <= 1e-12)) bad.push(`H = ${H}, seed ${seed}, layer ${li}, block ${g}: max |WWᵀ − I| = ${err}`);
          }
        });
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('initModel(config, { seed })', () => {
  const config: ModelConfig = cfg({ cell: 'lstm', embeddingSize: 6, numLayers: 2 });
  for (const scheme of SCHEMES) {
    it(`gives the same parameters for the same seed and different ones for another seed: ${scheme}`, () => {
      const values = (seed: number) => namedParams(initModel(config, { seed, scheme })).map((p) => Array.from(p.data));
      expect(values(123)).toEqual(values(123));
      const a = values(123).flat(), b = values(124).flat();
      expect(a.filter((v, i) => v !== b[i]).length).toBeGreaterThan(a.length / 2);
    });
  }

  it('stores float32 by default and float64 on request', () => {
    expect(initModel(config, { seed: 1 }).params.layers[0].weightHh).toBeInstanceOf(Float32Array);
    expect(initModel(config, { seed: 1, dtype: 'float64' }).params.layers[0].weightHh).toBeInstanceOf(Float64Array);
  });
});
