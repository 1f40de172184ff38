import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { stepJacobianNorms } from '../../src/engine/jacobian';
import type { Batch, Model, ModelConfig, Targets } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { cfg } from './helpers';

// Hand-worked T = 2 examples, float64. Every expected number below is derived in the comment above its test
// (σ(a) = 1/(1 + e^−a), values rounded to 10 decimals), not computed by the engine; `near` allows the 5e-11
// of that rounding and nothing more (|a − b| < 5e-10). Each model has one output unit y_t = V·h_t + c with
// identity activation and MSE over the 2 steps, so L = ((y1 − t1)² + (y2 − t2)²)/2 and ∂L/∂y_t = y_t − t_t.

/** One sample, D = 1 unless the weights say otherwise, float64, identity output, MSE. */
function handModel(over: Partial<ModelConfig>, p: { ih: number[]; hh: number[]; bih: number[]; bhh: number[]; V: number[]; c: number[] }): Model {
  const config = cfg({ inputSize: 1, hiddenSize: 1, outputSize: 1, outputActivation: 'identity', ...over });
  const f = (a: number[]) => Float64Array.from(a);
  return {
    config,
    params: { layers: [{ weightIh: f(p.ih), weightHh: f(p.hh), biasIh: f(p.bih), biasHh: f(p.bhh) }], embedding: null, outWeight: f(p.V), outBias: f(p.c) },
    vocabulary: [],
  };
}

function batch1(x: number[], h0: number[], c0: number[] | null = null): Batch {
  return { n: 1, T: 2, x: Float64Array.from(x), tokens: null, lengths: null, h0: Float64Array.from(h0), c0: c0 && Float64Array.from(c0) };
}

function values(v: number[]): Targets {
  return { kind: 'values', values: Float64Array.from(v) };
}

type Quantities = Record<string, ArrayLike<number> | number>;

/** The engine's quantities as plain arrays, so that one toEqual compares them all and names any that differ. */
function got(q: Quantities): Record<string, number[]> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, typeof v === 'number' ? [v] : Array.from(v)]));
}

/** The hand-derived values, each matched to 9 decimals (|a − b| < 5e-10, the rounding of a 10-decimal value). */
function near(q: Record<string, number[] | number>): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, (typeof v === 'number' ? [v] : v).map((x) => expect.closeTo(x, 9))]));
}

describe('unroll + backpropThroughTime on a tanh RNN (T = 2, H = 1)', () => {
  // W_ih = 0.5, W_hh = −1, b_ih = b_hh = 0.25, V = 2, c = 0; x = (1, 0), h0 = 0, targets (1, 0).
  // Forward, a_t = W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh, h_t = tanh a_t:
  //   a1 = 0.5·1 + 0.25 + (−1)·0 + 0.25 = 1                          h1 = tanh 1 = 0.7615941560
  //   a2 = 0.5·0 + 0.25 + (−1)·0.7615941560 + 0.25 = −0.2615941560   h2 = tanh a2 = −0.2557859951
  //   y1 = 2·h1 = 1.5231883119, y2 = 2·h2 = −0.5115719901
  //   L = (0.5231883119² + 0.5115719901²)/2 = (0.2737260097 + 0.2617059011)/2 = 0.2677159554
  // Backward:
  //   ∂L/∂y1 = 0.5231883119, ∂L/∂y2 = −0.5115719901
  //   ∂L/∂h2 = V·∂L/∂y2 = −1.0231439803
  //   ∂L/∂a2 = ∂L/∂h2·(1 − h2²) = −1.0231439803·0.9345735247 = −0.9562032760
  //   ∂L/∂h1 = V·∂L/∂y1 + W_hh·∂L/∂a2 = 1.0463766238 + 0.9562032760 = 2.0025798998
  //   ∂L/∂a1 = ∂L/∂h1·(1 − h1²) = 2.0025798998·0.4199743416 = 0.8410321749
  //   ∂L/∂W_ih = ∂L/∂a1·x1 + ∂L/∂a2·x2 = 0.8410321749
  //   ∂L/∂W_hh = ∂L/∂a1·h0 + ∂L/∂a2·h1 = −0.9562032760·0.7615941560 = −0.7282388269
  //   ∂L/∂b_ih = ∂L/∂b_hh = ∂L/∂a1 + ∂L/∂a2 = −0.1151711010
  //   ∂L/∂V = ∂L/∂y1·h1 + ∂L/∂y2·h2 = 0.3984571608 + 0.1308529506 = 0.5293101114
  //   ∂L/∂c = ∂L/∂y1 + ∂L/∂y2 = 0.0116163218
  //   ∂L/∂h0 = W_hh·∂L/∂a1 = −0.8410321749 ; ∂L/∂x = W_ih·∂L/∂a = (0.4205160875, −0.4781016380)
  const m = handModel({ cell: 'rnn', nonlinearity: 'tanh' }, { ih: [0.5], hh: [-1], bih: [0.25], bhh: [0.25], V: [2], c: [0] });
  const b = batch1([1, 0], [0]);

  it('computes h_t and y_t', () => {
    const tr = unroll(m, b);
    expect(got({
      a: tr.layers[0].pre,
      h: tr.layers[0].h,
      y: tr.y!,
    })).toEqual(near({
      a: [1, -0.2615941560],
      h: [0.7615941560, -0.2557859951],
      y: [1.5231883119, -0.5115719901],
    }));
  });

  it('computes the loss, ∂L/∂h_t and every gradient', () => {
    const { loss, grads } = backpropThroughTime(m, b, unroll(m, b), values([1, 0]));
    expect(got({
      L: loss,
      '∂L/∂h': grads.dh[0],
      '∂L/∂W_ih': grads.layers[0].weightIh,
      '∂L/∂W_hh': grads.layers[0].weightHh,
      '∂L/∂b_ih': grads.layers[0].biasIh,
      '∂L/∂b_hh': grads.layers[0].biasHh,
      '∂L/∂V': grads.outWeight!,
      '∂L/∂c': grads.outBias!,
      '∂L/∂h0': grads.h0,
      '∂L/∂x': grads.x,
    })).toEqual(near({
      L: 0.2677159554,
      '∂L/∂h': [2.0025798998, -1.0231439803],
      '∂L/∂W_ih': 0.8410321749,
      '∂L/∂W_hh': -0.7282388269,
      '∂L/∂b_ih': -0.1151711010,
      '∂L/∂b_hh': -0.1151711010,
      '∂L/∂V': 0.5293101114,
      '∂L/∂c': 0.0116163218,
      '∂L/∂h0': -0.8410321749,
      '∂L/∂x': [0.4205160875, -0.4781016380],
    }));
  });
});

describe('unroll + backpropThroughTime on a linear RNN (T = 2, H = 2), exact in binary', () => {
  // σ = identity, D = 1, H = 2. Rows of W are outputs: h_t = W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh.
  //   W_ih = [1, 0.5]ᵀ, W_hh = [[0.5, −1], [0.25, 0]], b_ih = (0, 0.25), b_hh = (0.25, 0), V = [1, −1], c = 0;
  //   x = (2, −1), h0 = (1, 0), targets (0, 0). Every number is a short binary fraction, so the engine is exact.
  // Forward:
  //   h1 = (2, 1) + (0, 0.25) + (0.5·1 − 1·0, 0.25·1 + 0·0) + (0.25, 0) = (2.75, 1.5)
  //   h2 = (−1, −0.5) + (0, 0.25) + (0.5·2.75 − 1·1.5, 0.25·2.75 + 0) + (0.25, 0)
  //      = (−1 − 0.125 + 0.25, −0.25 + 0.6875) = (−0.875, 0.4375)
  //   y1 = 2.75 − 1.5 = 1.25, y2 = −0.875 − 0.4375 = −1.3125
  //   L = (1.25² + 1.3125²)/2 = (1.5625 + 1.72265625)/2 = 1.642578125
  // Backward (σ' = 1, so ∂L/∂a_t = ∂L/∂h_t):
  //   ∂L/∂h2 = Vᵀ·(−1.3125) = (−1.3125, 1.3125)
  //   ∂L/∂h1 = Vᵀ·1.25 + W_hhᵀ·∂L/∂h2 = (1.25 − 0.65625 + 0.328125, −1.25 + 1.3125) = (0.921875, 0.0625)
  //   ∂L/∂h0 = W_hhᵀ·∂L/∂h1 = (0.4609375 + 0.015625, −0.921875) = (0.4765625, −0.921875)
  //   ∂L/∂W_hh = ∂L/∂h1 ⊗ h0 + ∂L/∂h2 ⊗ h1 = [[0.921875, 0], [0.0625, 0]] + [[−3.609375, −1.96875], [3.609375, 1.96875]]
  //            = [[−2.6875, −1.96875], [3.671875, 1.96875]]
  //   ∂L/∂W_ih = ∂L/∂h1·2 + ∂L/∂h2·(−1) = (1.84375 + 1.3125, 0.125 − 1.3125) = (3.15625, −1.1875)
  //   ∂L/∂b_ih = ∂L/∂b_hh = ∂L/∂h1 + ∂L/∂h2 = (−0.390625, 1.375)
  //   ∂L/∂V = 1.25·h1 − 1.3125·h2 = (3.4375 + 1.1484375, 1.875 − 0.57421875) = (4.5859375, 1.30078125)
  //   ∂L/∂c = 1.25 − 1.3125 = −0.0625 ; ∂L/∂x = W_ihᵀ·∂L/∂h_t = (0.921875 + 0.03125, −1.3125 + 0.65625) = (0.953125, −0.65625)
  // Step Jacobian: ∂h_t/∂h_{t−1} = W_hh at every step; W_hhᵀW_hh = [[0.3125, −0.5], [−0.5, 1]] has trace 1.3125 and
  //   determinant 0.0625, so ‖W_hh‖₂ = √((1.3125 + √(1.3125² − 4·0.0625))/2) = √((1.3125 + 1.2135304899)/2) = 1.1238395103.
  const m = handModel({ cell: 'rnn', nonlinearity: 'identity', hiddenSize: 2 },
    { ih: [1, 0.5], hh: [0.5, -1, 0.25, 0], bih: [0, 0.25], bhh: [0.25, 0], V: [1, -1], c: [0] });
  const b = batch1([2, -1], [1, 0]);

  it('computes h_t exactly', () => {
    expect(Array.from(unroll(m, b).layers[0].h)).toEqual([2.75, 1.5, -0.875, 0.4375]);
  });

  it('computes the loss and every gradient exactly', () => {
    const { loss, grads } = backpropThroughTime(m, b, unroll(m, b), values([0, 0]));
    expect(loss).toBe(1.642578125);
    expect(Array.from(grads.dh[0])).toEqual([0.921875, 0.0625, -1.3125, 1.3125]);
    expect(Array.from(grads.h0)).toEqual([0.4765625, -0.921875]);
    expect(Array.from(grads.layers[0].weightHh)).toEqual([-2.6875, -1.96875, 3.671875, 1.96875]);
    expect(Array.from(grads.layers[0].weightIh)).toEqual([3.15625, -1.1875]);
    expect(Array.from(grads.layers[0].biasIh)).toEqual([-0.390625, 1.375]);
    expect(Array.from(grads.layers[0].biasHh)).toEqual([-0.390625, 1.375]);
    expect(Array.from(grads.outWeight!)).toEqual([4.5859375, 1.30078125]);
    expect(Array.from(grads.outBias!)).toEqual([-0.0625]);
    expect(Array.from(grads.x)).toEqual([0.953125, -0.65625]);
  });

  it('gives ‖W_hh‖₂ as the step Jacobian norm', () => {
    expect(got({ '‖J_t‖₂': stepJacobianNorms(m, unroll(m, b), 0) })).toEqual(near({ '‖J_t‖₂': [1.1238395103, 1.1238395103] }));
  });
});

describe('unroll + backpropThroughTime on an LSTM (T = 2, H = 1)', () => {
  // Gate order i, f, g, o. W_ih = (0.5, −1, 1, 0.25), W_hh = (0, 0, −1, 0.5), biases 0, V = 1, c = 0;
  // x = (1, −1), h0 = 0, c0 = 0.5, targets (0, 0), so ∂L/∂y_t = h_t.
  // t = 1: a = W_ih·1 + W_hh·0 = (0.5, −1, 1, 0.25)
  //   i = σ(0.5) = 0.6224593312, f = σ(−1) = 0.2689414214, g = tanh 1 = 0.7615941560, o = σ(0.25) = 0.5621765009
  //   c1 = f·c0 + i·g = 0.1344707107 + 0.4740613890 = 0.6085320996
  //   h1 = o·tanh c1 = 0.5621765009·0.5430929808 = 0.3053141116
  // t = 2: a = W_ih·(−1) + W_hh·h1 = (−0.5, 1, −1 − 0.3053141116, −0.25 + 0.1526570558) = (−0.5, 1, −1.3053141116, −0.0973429442)
  //   i = 0.3775406688, f = 0.7310585786, g = −0.8630849392, o = 0.4756834622
  //   c2 = 0.7310585786·0.6085320996 + 0.3775406688·(−0.8630849392) = 0.4448726118 − 0.3258496652 = 0.1190229466
  //   h2 = 0.4756834622·tanh c2 = 0.4756834622·0.1184640687 = 0.0563513983
  //   L = (h1² + h2²)/2 = (0.0932167068 + 0.0031754801)/2 = 0.0481960934
  // Backward, with ∂c_t = ∂L/∂c_t (total) = ∂c_{t+1}·f_{t+1} + ∂h_t·o·(1 − tanh² c_t) and
  //   ∂a_i = ∂c_t·g·i(1 − i), ∂a_f = ∂c_t·c_{t−1}·f(1 − f), ∂a_g = ∂c_t·i·(1 − g²), ∂a_o = ∂h_t·tanh c_t·o(1 − o):
  // t = 2: ∂h2 = h2 = 0.0563513983 ; ∂c2 = 0.0563513983·0.4756834622·0.9859662644 = 0.0264292480
  //   ∂a = (0.0264292480·(−0.8630849392)·0.2350037122, 0.0264292480·0.6085320996·0.1966119332,
  //         0.0264292480·0.3775406688·0.2550843876, 0.0563513983·0.1184640687·0.2494087060)
  //      = (−0.0053605959, 0.0031621187, 0.0025452616, 0.0016649567)
  // t = 1: ∂h1 = h1 + W_hhᵀ·∂a(t=2) = 0.3053141116 + (−1)·0.0025452616 + 0.5·0.0016649567 = 0.3036013284
  //   ∂c1 = ∂c2·f2 + ∂h1·o1·(1 − tanh² c1) = 0.0264292480·0.7310585786 + 0.3036013284·0.5621765009·0.7050500142
  //       = 0.0193213284 + 0.1203361967 = 0.1396575251
  //   ∂a = (0.1396575251·0.7615941560·0.2350037122, 0.1396575251·0.5·0.1966119332,
  //         0.1396575251·0.6224593312·0.4199743416, 0.3036013284·0.5430929808·0.2461340827)
  //      = (0.0249955483, 0.0137291680, 0.0365088440, 0.0405835107)
  //   ∂L/∂c0 = ∂c1·f1 = 0.1396575251·0.2689414214 = 0.0375596933
  //   ∂L/∂h0 = W_hhᵀ·∂a(t=1) = −0.0365088440 + 0.5·0.0405835107 = −0.0162170886
  //   ∂L/∂W_hh = ∂a(t=1)·h0 + ∂a(t=2)·h1 = 0.3053141116·∂a(t=2) = (−0.0016366656, 0.0009654395, 0.0007771043, 0.0005083348)
  //   ∂L/∂W_ih = ∂a(t=1)·1 + ∂a(t=2)·(−1) = (0.0303561441, 0.0105670493, 0.0339635824, 0.0389185539)
  const m = handModel({ cell: 'lstm' }, { ih: [0.5, -1, 1, 0.25], hh: [0, 0, -1, 0.5], bih: [0, 0, 0, 0], bhh: [0, 0, 0, 0], V: [1], c: [0] });
  const b = batch1([1, -1], [0], [0.5]);

  it('computes the gates, c_t and h_t in PyTorch gate order i, f, g, o', () => {
    const tr = unroll(m, b).layers[0];
    expect(got({
      gates: tr.act,
      c: tr.c!,
      h: tr.h,
    })).toEqual(near({
      gates: [0.6224593312, 0.2689414214, 0.7615941560, 0.5621765009, 0.3775406688, 0.7310585786, -0.8630849392, 0.4756834622],
      c: [0.6085320996, 0.1190229466],
      h: [0.3053141116, 0.0563513983],
    }));
  });

  it('computes the loss, the total ∂L/∂h_t and ∂L/∂c_t, ∂L/∂h0, ∂L/∂c0 and the weight gradients', () => {
    const { loss, grads } = backpropThroughTime(m, b, unroll(m, b), values([0, 0]));
    expect(got({
      L: loss,
      '∂L/∂h': grads.dh[0],
      '∂L/∂c': grads.dc![0],
      '∂L/∂c0': grads.c0!,
      '∂L/∂h0': grads.h0,
      '∂L/∂W_hh': grads.layers[0].weightHh,
      '∂L/∂W_ih': grads.layers[0].weightIh,
    })).toEqual(near({
      L: 0.0481960934,
      '∂L/∂h': [0.3036013284, 0.0563513983],
      '∂L/∂c': [0.1396575251, 0.0264292480],
      '∂L/∂c0': 0.0375596933,
      '∂L/∂h0': -0.0162170886,
      '∂L/∂W_hh': [-0.0016366656, 0.0009654395, 0.0007771043, 0.0005083348],
      '∂L/∂W_ih': [0.0303561441, 0.0105670493, 0.0339635824, 0.0389185539],
    }));
  });
});

describe('unroll + backpropThroughTime on a GRU (T = 2, H = 1)', () => {
  // Gate order r, z, n. W_ih = (1, −1, 0.5), W_hh = (0.5, 0.5, −1), b_hh = (0, 0, 0.25), b_ih = 0, V = 1, c = 0;
  // x = (1, −1), h0 = 0.5, targets (0, 0). h_t = (1 − z)·n + z·h_{t−1}.
  // Reset after (PyTorch), n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn)):
  // t = 1: r = σ(1 + 0.25) = 0.7772998612, z = σ(−1 + 0.25) = 0.3208213008
  //   n = tanh(0.5 + 0.7772998612·(−0.5 + 0.25)) = tanh 0.3056750347 = 0.2964974192
  //   h1 = 0.6791786992·0.2964974192 + 0.3208213008·0.5 = 0.2013747315 + 0.1604106504 = 0.3617853819
  // t = 2: r = σ(−1 + 0.5·0.3617853819) = σ(−0.8191073090) = 0.3059531863
  //   z = σ(1 + 0.1808926910) = 0.7651082740
  //   n = tanh(−0.5 + 0.3059531863·(−0.3617853819 + 0.25)) = tanh(−0.5342010938) = −0.4885858747
  //   h2 = 0.2348917260·(−0.4885858747) + 0.7651082740·0.3617853819 = −0.1147647794 + 0.2768049891 = 0.1620402097
  // Backward, ∂a_n = ∂h·(1 − z)(1 − n²), ∂a_z = ∂h·(h_{t−1} − n)·z(1 − z), ∂a_r = ∂a_n·(W_hn·h_{t−1} + b_hn)·r(1 − r),
  //   ∂h_{t−1} = ∂h·z + W_hr·∂a_r + W_hz·∂a_z + W_hn·r·∂a_n:
  // t = 2: ∂h2 = h2 = 0.1620402097 ; ∂a_n = 0.1620402097·0.2348917260·0.7612838431 = 0.0289759130
  //   ∂a_z = 0.1620402097·0.8503712566·0.1797176031 = 0.0247640679
  //   ∂a_r = 0.0289759130·(−0.1117853819)·0.2123458341 = −0.0006878059
  //   ∂h1 (recurrent part) = 0.1620402097·0.7651082740 + 0.5·(−0.0006878059) + 0.5·0.0247640679
  //                          − 0.3059531863·0.0289759130 = 0.1271511633
  // t = 1: ∂h1 = h1 + 0.1271511633 = 0.4889365452 ; ∂a_n = 0.4889365452·0.6791786992·0.9120892804 = 0.3028823093
  //   ∂a_z = 0.4889365452·0.2035025808·0.2178949938 = 0.0216805189
  //   ∂a_r = 0.3028823093·(−0.25)·0.1731047870 = −0.0131075944
  //   ∂L/∂h0 = 0.4889365452·0.3208213008 + 0.5·(−0.0131075944) + 0.5·0.0216805189 − 0.7772998612·0.3028823093 = −0.0742826563
  //   L = (0.3617853819² + 0.1620402097²)/2 = (0.1308886626 + 0.0262570296)/2 = 0.0785728461
  const p = { ih: [1, -1, 0.5], hh: [0.5, 0.5, -1], bih: [0, 0, 0], bhh: [0, 0, 0.25], V: [1], c: [0] };
  const b = batch1([1, -1], [0.5]);

  it('computes r, z, n and h_t with the reset gate applied after W_hn (PyTorch)', () => {
    const tr = unroll(handModel({ cell: 'gru', gruResetAfter: true }, p), b).layers[0];
    expect(got({
      'r, z, n': tr.act,
      h: tr.h,
    })).toEqual(near({
      'r, z, n': [0.7772998612, 0.3208213008, 0.2964974192, 0.3059531863, 0.7651082740, -0.4885858747],
      h: [0.3617853819, 0.1620402097],
    }));
  });

  it('computes the loss, the total ∂L/∂h_t, ∂L/∂h0 and the gate pre-activation gradients (via ∂L/∂b_ih)', () => {
    const m = handModel({ cell: 'gru', gruResetAfter: true }, p);
    const { loss, grads } = backpropThroughTime(m, b, unroll(m, b), values([0, 0]));
    expect(got({
      L: loss,
      '∂L/∂h': grads.dh[0],
      '∂L/∂h0': grads.h0,
    })).toEqual(near({
      L: 0.0785728461,
      '∂L/∂h': [0.4889365452, 0.1620402097],
      '∂L/∂h0': -0.0742826563,
    }));
    // ∂L/∂b_ih = Σ_t ∂a_t = (−0.0131075944 − 0.0006878059, 0.0216805189 + 0.0247640679, 0.3028823093 + 0.0289759130)
    expect(got({ '∂L/∂b_ih': grads.layers[0].biasIh })).toEqual(near({ '∂L/∂b_ih': [-0.0137954003, 0.0464445868, 0.3318582223] }));
  });

  // Reset before (Keras reset_after = false), n = tanh(W_in·x + b_in + W_hn·(r·h) + b_hn); r and z as above at t = 1:
  // t = 1: n = tanh(0.5 − 1·0.7772998612·0.5 + 0.25) = tanh 0.3613500694 = 0.3464026574
  //   h1 = 0.6791786992·0.3464026574 + 0.1604106504 = 0.2352693062 + 0.1604106504 = 0.3956799567
  // t = 2: r = σ(−1 + 0.5·0.3956799567) = σ(−0.8021600217) = 0.3095636590, z = σ(1.1978399783) = 0.7681403048
  //   n = tanh(−0.5 − 0.3095636590·0.3956799567 + 0.25) = tanh(−0.3724881352) = −0.3561661394
  //   h2 = 0.2318596952·(−0.3561661394) + 0.7681403048·0.3956799567 = −0.0825805725 + 0.3039377225 = 0.2213571500
  // Backward: ∂(r·h) = W_hn·∂a_n, so ∂a_r = W_hn·∂a_n·h_{t−1}·r(1 − r) and ∂h_{t−1} gains W_hn·∂a_n·r:
  // t = 2: ∂a_n = 0.2213571500·0.2318596952·0.8731456811 = 0.0448131555, ∂a_z = 0.2213571500·0.7518460961·0.1781007769 = 0.0296406906
  //   ∂a_r = −0.0448131555·0.3956799567·0.2137340000 = −0.0037898602
  //   ∂h1 (recurrent) = 0.2213571500·0.7681403048 − 0.0448131555·0.3095636590 + 0.5·(−0.0037898602) + 0.5·0.0296406906 = 0.1690862395
  // t = 1: ∂h1 = 0.3956799567 + 0.1690862395 = 0.5647661961 ; ∂a_n = 0.5647661961·0.6791786992·0.8800051989 = 0.3375499042
  //   ∂a_z = 0.5647661961·0.1535973426·0.2178949938 = 0.0189016470, ∂a_r = −0.3375499042·0.5·0.1731047870 = −0.0292157521
  //   ∂L/∂h0 = 0.5647661961·0.3208213008 − 0.3375499042·0.7772998612 + 0.5·(−0.0292157521) + 0.5·0.0189016470 = −0.0863455205
  //   L = (0.3956799567² + 0.2213571500²)/2 = (0.1565626281 + 0.0489989879)/2 = 0.1027808080
  it('computes h_t, the loss, ∂L/∂h_t and ∂L/∂h0 with the reset gate applied before W_hn', () => {
    const m = handModel({ cell: 'gru', gruResetAfter: false }, p);
    const tr = unroll(m, b);
    expect(got({ h: tr.layers[0].h })).toEqual(near({ h: [0.3956799567, 0.2213571500] }));
    const { loss, grads } = backpropThroughTime(m, b, tr, values([0, 0]));
    expect(got({
      L: loss,
      '∂L/∂h': grads.dh[0],
      '∂L/∂h0': grads.h0,
    })).toEqual(near({
      L: 0.1027808080,
      '∂L/∂h': [0.5647661961, 0.2213571500],
      '∂L/∂h0': -0.0863455205,
    }));
  });
});
