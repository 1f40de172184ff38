import { describe, expect, it } from 'vitest';
import { backpropThroughTime } from '../../src/engine/bptt';
import { describeFault, findGradientFault, findTraceFault, findWeightFault } from '../../src/engine/faults';
import { initModel } from '../../src/engine/init';
import type { Batch, Model } from '../../src/engine/types';
import { unroll } from '../../src/engine/unroll';
import { cfg, model64, randomBatch } from './helpers';

/** A batch of vectors x, [n, T, D], with optional lengths. */
function batchOf(x: number[], n: number, T: number, lengths?: number[]): Batch {
  return { n, T, x: Float64Array.from(x), tokens: null, lengths: lengths ? Int32Array.from(lengths) : null, h0: null, c0: null };
}

/** The hand-worked H = 1, D = 1 identity RNN: h_t = w_ih·x_t + w_hh·h_{t−1}, no bias, y = h. */
function scalarRnn(wIh: number, wHh: number): Model {
  const m = initModel(cfg({ inputSize: 1, hiddenSize: 1, outputSize: 1, nonlinearity: 'identity', outputActivation: 'identity', bias: false }), { seed: 1, dtype: 'float32' });
  m.params.layers[0].weightIh[0] = wIh;
  m.params.layers[0].weightHh[0] = wHh;
  m.params.outWeight![0] = 1;
  m.params.outBias![0] = 0;
  return m;
}

describe('findTraceFault(trace)', () => {
  it('finds nothing in a finite trace', () => {
    const m = model64({ cell: 'lstm', numLayers: 2 });
    const { batch } = randomBatch(m, 3, 6);
    expect(findTraceFault(unroll(m, batch))).toBeNull();
  });

  it('names the step where a float32 overflow first happens (hand-worked)', () => {
    // w_ih = 1, w_hh = 1e20, x = [1e30, 0, 0]:
    // t = 1: W_ih·x = 1e30, W_hh·h_0 = 0, h_1 = 1e30 (finite in float32, max ≈ 3.4e38)
    // t = 2: W_ih·x = 0, W_hh·h_1 = 1e20·1e30 = 1e50 → stored as Infinity
    const m = scalarRnn(1, 1e20);
    const f = findTraceFault(unroll(m, batchOf([1e30, 0, 0], 1, 3)));
    expect(f).toEqual({ quantity: 'W_hh·h', step: 2, unit: 1, layer: null, sample: null, value: Infinity });
    expect(describeFault(f!)).toBe('W_hh·h at t = 2, unit 1 is Infinity');
  });

  it('names h when the overflow reaches the state, and NaN once +∞ meets −∞', () => {
    // Two units, identity, W_ih = I, W_hh = diag(4, 4), V = (1, 1), x_1 = (1e38, −1e38), x_2 = 0:
    // t = 1: h_1 = (1e38, −1e38), finite in float32.
    // t = 2: W_hh·h_1 = (4e38, −4e38) → (Infinity, −Infinity) in float32, so pre-activation and h_2 too,
    //        and the logits V·h_2 = ∞ − ∞ = NaN.
    const m = initModel(cfg({ inputSize: 2, hiddenSize: 2, outputSize: 1, nonlinearity: 'identity', outputActivation: 'identity', bias: false }), { seed: 1, dtype: 'float32' });
    const p = m.params.layers[0];
    p.weightIh.set([1, 0, 0, 1]);
    p.weightHh.set([4, 0, 0, 4]);
    m.params.outWeight!.set([1, 1]);
    m.params.outBias!.set([0]);
    const tr = unroll(m, batchOf([1e38, -1e38, 0, 0], 1, 2));
    expect(describeFault(findTraceFault(tr)!)).toBe('W_hh·h at t = 2, unit 1 is Infinity');
    // Clear the earlier quantities to check the later ones are read in equation order.
    tr.layers[0].hh.fill(0); tr.layers[0].pre.fill(0); tr.layers[0].act.fill(0); tr.layers[0].h[3] = 0;
    tr.layers[0].h[2] = Number.NaN;
    expect(describeFault(findTraceFault(tr)!)).toBe('h at t = 2, unit 1 is NaN');
    tr.layers[0].h[2] = 0;
    expect(describeFault(findTraceFault(tr)!)).toBe('logits at t = 2, unit 1 is NaN');
  });

  it('names the gate of an LSTM pre-activation, and the layer of a stacked model', () => {
    const m = model64({ cell: 'lstm', numLayers: 2, hiddenSize: 3 });
    // b_ih of layer 2, gate f (block 1 of i,f,g,o), unit 2: index 1·H + 1 = 4.
    m.params.layers[1].biasIh[4] = Number.NaN;
    const { batch } = randomBatch(m, 1, 4);
    const f = findTraceFault(unroll(m, batch))!;
    expect(f).toMatchObject({ quantity: 'pre-activation of gate f', step: 1, unit: 2, layer: 2 });
    expect(describeFault(f)).toBe('pre-activation of gate f at t = 1, unit 2 of layer 2 is NaN');
  });

  it('reads only the valid steps of each sample and names the line', () => {
    const m = scalarRnn(1, 1);
    // Sample 1 has 2 valid steps, sample 2 has 3; a NaN written past sample 1's end is ignored.
    const tr = unroll(m, batchOf([1, 2, 0, 1, 2, 3], 2, 3, [2, 3]));
    tr.layers[0].h[2] = Number.NaN; // sample 1, t = 3: past its end
    expect(findTraceFault(tr)).toBeNull();
    tr.layers[0].h[5] = Number.NEGATIVE_INFINITY; // sample 2, t = 3
    expect(describeFault(findTraceFault(tr)!)).toBe('h at t = 3, unit 1 (line 2) is −Infinity');
  });

  it('checks the initial state first', () => {
    const m = scalarRnn(1, 1);
    const tr = unroll(m, batchOf([1, 2], 1, 2));
    tr.layers[0].h0[0] = Number.NaN;
    tr.layers[0].h[1] = Number.NaN;
    expect(describeFault(findTraceFault(tr)!)).toBe('the initial h₀, unit 1 is NaN');
  });
});

describe('findGradientFault(model, loss, grads, lengths)', () => {
  const m = model64({ numLayers: 2 });
  const { batch, targets } = randomBatch(m, 2, 5);
  const fresh = () => backpropThroughTime(m, batch, unroll(m, batch), targets);
  const lengths = Int32Array.of(5, 5);

  it('finds nothing in finite gradients', () => {
    const { loss, grads } = fresh();
    expect(findGradientFault(m, loss, grads, lengths)).toBeNull();
  });

  it('names the loss first', () => {
    const { grads } = fresh();
    expect(describeFault(findGradientFault(m, Number.NaN, grads, lengths)!)).toBe('the loss is NaN');
  });

  it('reads ∂L/∂h from the last step back, top layer first', () => {
    const { loss, grads } = fresh();
    const H = m.config.hiddenSize;
    grads.dh[0][1 * H + 2] = Number.NaN; // layer 1, sample 1, t = 2, unit 3
    grads.dh[0][3 * H + 0] = Infinity; // layer 1, sample 1, t = 4, unit 1: computed earlier by BPTT
    expect(describeFault(findGradientFault(m, loss, grads, lengths)!)).toBe('∂L/∂h at t = 4, unit 1 of layer 1 (line 1) is Infinity');
    grads.dh[1][3 * H + 1] = Number.NaN; // layer 2 at the same step comes first
    expect(findGradientFault(m, loss, grads, lengths)).toMatchObject({ quantity: '∂L/∂h', step: 4, unit: 2, layer: 2 });
  });

  it('names a parameter gradient by its state_dict name and entry', () => {
    const { loss, grads } = fresh();
    grads.layers[0].weightHh[6] = Number.NEGATIVE_INFINITY;
    expect(describeFault(findGradientFault(m, loss, grads, lengths)!)).toBe('entry 7 of ∂L/∂rnn.weight_hh_l0 is −Infinity');
  });

  it('finds the Infinity a real float32 overflow puts in ∂L/∂h (hand-worked)', () => {
    // y_t = h_t, MSE against 0: ∂L/∂y_t = 2·y_t/(N) with N = 2 steps; h_2 = 1e20·1e30 overflows float32 → y_2 = ∞,
    // so the loss is ∞ before any gradient: the loss is named.
    const s = scalarRnn(1, 1e20);
    const b = batchOf([1e30, 0], 1, 2);
    const tr = unroll(s, b);
    const r = backpropThroughTime(s, b, tr, { kind: 'values', values: new Float32Array(2) });
    expect(describeFault(findGradientFault(s, r.loss, r.grads, tr.lengths)!)).toBe('the loss is Infinity');
  });
});

describe('findWeightFault(model)', () => {
  it('names the first non-finite weight', () => {
    const m = model64({});
    expect(findWeightFault(m)).toBeNull();
    m.params.outBias![1] = Number.NaN;
    expect(describeFault(findWeightFault(m)!)).toBe('entry 2 of out.bias is NaN');
  });
});
