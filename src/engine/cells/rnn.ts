/** The Elman RNN cell: h_t = σ(W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh). */
import { activate, activateGrad } from '../activations';
import { matTvecAcc, matvec, outerAcc } from '../tensor';
import type { Cell } from './cell';

/** PyTorch's nn.RNN cell, with σ ∈ tanh, relu, sigmoid, identity. */
export const rnnCell: Cell = {
  gates: 1,
  hasCellState: false,
  forward(s) {
    const { p, H, D, tr, gOff, sOff } = s;
    // ih = W_ih·x_t ; hh = W_hh·h_{t-1}
    matvec(p.weightIh, 0, H, D, tr.input, s.xOff, tr.ih, gOff);
    matvec(p.weightHh, 0, H, H, s.hPrev, s.hPrevOff, tr.hh, gOff);
    for (let j = 0; j < H; j++) {
      // a_t = ih + b_ih + hh + b_hh ; h_t = σ(a_t)
      const a = tr.ih[gOff + j] + p.biasIh[j] + tr.hh[gOff + j] + p.biasHh[j];
      tr.pre[gOff + j] = a;
      const h = activate(s.nonlinearity, a);
      tr.act[gOff + j] = h;
      tr.h[sOff + j] = h;
    }
  },
  backward(s, g) {
    const { p, H, D, tr, gOff, sOff } = s;
    const da = g.scratch;
    for (let j = 0; j < H; j++) {
      // ∂L/∂a_t = ∂L/∂h_t ⊙ σ'(a_t)
      da[j] = g.dh[sOff + j] * activateGrad(s.nonlinearity, tr.pre[gOff + j], tr.act[gOff + j]);
    }
    outerAcc(g.dp.weightIh, 0, H, D, da, 0, tr.input, s.xOff);
    outerAcc(g.dp.weightHh, 0, H, H, da, 0, s.hPrev, s.hPrevOff);
    if (g.bias) for (let j = 0; j < H; j++) { g.dp.biasIh[j] += da[j]; g.dp.biasHh[j] += da[j]; }
    // ∂L/∂x_t = W_ihᵀ·∂L/∂a_t ; ∂L/∂h_{t-1} += W_hhᵀ·∂L/∂a_t
    matTvecAcc(p.weightIh, 0, H, D, da, 0, g.dx, s.xOff);
    matTvecAcc(p.weightHh, 0, H, H, da, 0, g.dhPrev, g.dhPrevOff);
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
