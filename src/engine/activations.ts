/**
 * Elementwise activations and their derivatives, written in terms of the activation's value where that is
 * how BPTT uses them.
 */
import type { Nonlinearity, OutputActivation } from './types';
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

/** Applies the output activation to logits[off .. off+O) and writes y[off .. off+O). */
export function applyOutput(kind: OutputActivation, logits: ArrayLike<number>, y: { [i: number]: number }, off: number, O: number): void {
  if (kind === 'softmax') {
    // Subtract the max so exp never overflows; the result is unchanged.
    let m = -Infinity;
    for (let k = 0; k < O; k++) m = Math.max(m, logits[off + k]);
    let s = 0;
    for (let k = 0; k < O; k++) s += Math.exp(logits[off + k] - m);
    for (let k = 0; k < O; k++) y[off + k] = Math.exp(logits[off + k] - m) / s;
    return;
  }
  for (let k = 0; k < O; k++) {
    const z = logits[off + k];
    y[off + k] = kind === 'sigmoid' ? sigmoid(z) : kind === 'tanh' ? Math.tanh(z) : z;
  }
}
