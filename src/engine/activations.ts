/**
 * Elementwise activations and their derivatives, written in terms of the activation's value where that is
 * how BPTT uses them.
 */
import type { Arr, Nonlinearity, OutputActivation } from './types';
import { sigmoid } from './tensor';

/** σ(a) for an RNN nonlinearity. */
export function activate(kind: Nonlinearity, a: number): number {
  switch (kind) {
    case 'tanh': return Math.tanh(a);
    case 'relu': return a > 0 ? a : 0;
    case 'sigmoid': return sigmoid(a);
    case 'identity': return a;
  }
}

/**
 * σ'(a) from the pre-activation a and the value h = σ(a):
 * tanh: 1 − h², sigmoid: h(1 − h), relu: 1 if a > 0 else 0 (PyTorch's choice at 0), identity: 1.
 */
export function activateGrad(kind: Nonlinearity, a: number, h: number): number {
  switch (kind) {
    case 'tanh': return 1 - h * h;
    case 'relu': return a > 0 ? 1 : 0;
    case 'sigmoid': return h * (1 - h);
    case 'identity': return 1;
  }
}

/**
 * σ(z) as PyTorch's float32 kernel computes it: 1/(1 + e^{−z}) with every operation rounded to float32. It gives
 * exactly 1 from z ≈ 16.6 and exactly 0 below z ≈ −88.7, where a double σ rounded to float32 still gives
 * 1 − 2^−24 or a denormal; nn.BCELoss clamps log(0) at −100 and its gradient vanishes there, so the difference
 * is not a rounding error but a different loss.
 */
export function sigmoidFloat32(z: number): number {
  const f = Math.fround;
  return f(1 / f(1 + f(Math.exp(-z))));
}

/** Applies the output activation to logits[off .. off+O) and writes y[off .. off+O) (sigmoid as torch in y's dtype). */
export function applyOutput(kind: OutputActivation, logits: ArrayLike<number>, y: Arr, off: number, O: number): void {
  if (kind === 'softmax') {
    // Subtract the max so exp never overflows; the result is unchanged.
    let m = -Infinity;
    for (let k = 0; k < O; k++) m = Math.max(m, logits[off + k]);
    let s = 0;
    for (let k = 0; k < O; k++) s += Math.exp(logits[off + k] - m);
    for (let k = 0; k < O; k++) y[off + k] = Math.exp(logits[off + k] - m) / s;
    return;
  }
  const float32 = y instanceof Float32Array;
  for (let k = 0; k < O; k++) {
    const z = logits[off + k];
    y[off + k] = kind === 'sigmoid' ? (float32 ? sigmoidFloat32(z) : sigmoid(z)) : kind === 'tanh' ? Math.tanh(z) : z;
  }
}
