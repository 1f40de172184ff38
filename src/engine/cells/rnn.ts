/** The Elman RNN cell: h_t = σ(W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh). */
import { activate, activateGrad } from '../activations';
import type { Cell } from './cell';
import { backwardStep } from './step';

/** PyTorch's nn.RNN cell, with σ ∈ tanh, relu, sigmoid, identity. */
export const rnnCell: Cell = {
  gates: 1,
  hasCellState: false,
  sharedDeltas: true,
  recurrentRows: (H) => H,
  forward(s) {
    const { p, H, tr, gOff, sOff, nonlinearity } = s;
    const { ih, hh, pre, act, h } = tr;
    const bIh = p.biasIh, bHh = p.biasHh;
    // ih = W_ih·x_t and hh = W_hh·h_{t-1} are already in the trace (see Cell.forward).
    for (let j = 0; j < H; j++) {
      // a_t = ih + b_ih + hh + b_hh ; h_t = σ(a_t)
      const a = ih[gOff + j] + bIh[j] + hh[gOff + j] + bHh[j];
      pre[gOff + j] = a;
      const v = activate(nonlinearity, a);
      act[gOff + j] = v;
      h[sOff + j] = v;
    }
  },
  deltas(s, d) {
    const { H, tr, gOff, sOff, nonlinearity } = s;
    const { dh, dI, dIOff } = d;
    // ∂L/∂a_t = ∂L/∂h_t ⊙ σ'(a_t); the recurrent part W_hhᵀ·∂L/∂a_t is the caller's.
    for (let j = 0; j < H; j++) dI[dIOff + j] = dh[sOff + j] * activateGrad(nonlinearity, tr.pre[gOff + j], tr.act[gOff + j]);
  },
  backward(s, g) {
    backwardStep(rnnCell, s, g);
  },
  jacobian(s) {
    const { p, H, tr, gOff } = s;
    // ∂h_t/∂h_{t-1} = diag(σ'(a_t))·W_hh
    const J = new Float64Array(H * H);
    for (let i = 0; i < H; i++) {
      const d = activateGrad(s.nonlinearity, tr.pre[gOff + i], tr.act[gOff + i]);
      for (let k = 0; k < H; k++) J[i * H + k] = d * p.weightHh[i * H + k];
    }
    return J;
  },
};
