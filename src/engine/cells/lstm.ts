/**
 * PyTorch's LSTM cell, gate blocks in the order i, f, g, o:
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o), with a = W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh
 *   c_t = f ⊙ c_{t-1} + i ⊙ g ;  h_t = o ⊙ tanh(c_t)
 */
import { sigmoid } from '../tensor';
import type { Cell } from './cell';
import { backwardStep } from './step';

export const lstmCell: Cell = {
  gates: 4,
  hasCellState: true,
  sharedDeltas: true,
  recurrentRows: (H) => 4 * H,
  forward(s) {
    const { p, H, tr, gOff, sOff } = s;
    const { ih, hh, pre, act, h } = tr;
    const c = tr.c!, cPrev = s.cPrev!, cPrevOff = s.cPrevOff;
    const bIh = p.biasIh, bHh = p.biasHh;
    // a = W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh, with both products already in the trace (see Cell.forward).
    // Blocks 0, 1, 3 (i, f, o) are sigmoid; block 2 (g) is tanh.
    for (let k = 0; k < 4 * H; k++) {
      const a = ih[gOff + k] + bIh[k] + hh[gOff + k] + bHh[k];
      pre[gOff + k] = a;
      act[gOff + k] = k >= 2 * H && k < 3 * H ? Math.tanh(a) : sigmoid(a);
    }
    for (let j = 0; j < H; j++) {
      const i = act[gOff + j], f = act[gOff + H + j], gg = act[gOff + 2 * H + j], o = act[gOff + 3 * H + j];
      c[sOff + j] = f * cPrev[cPrevOff + j] + i * gg;
      // tanh of c_t as stored, so that h_t is what the stored c_t gives.
      h[sOff + j] = o * Math.tanh(c[sOff + j]);
    }
  },
  deltas(s, d) {
    const { H, tr, gOff, sOff } = s;
    const act = tr.act, c = tr.c!, cPrev = s.cPrev!, cPrevOff = s.cPrevOff;
    const { dh, dI: da, dIOff: o, dcPrev, dcPrevOff } = d;
    const dc = d.dc!;
    for (let j = 0; j < H; j++) {
      const i = act[gOff + j], f = act[gOff + H + j], gg = act[gOff + 2 * H + j], og = act[gOff + 3 * H + j];
      const tc = Math.tanh(c[sOff + j]);
      const dhj = dh[sOff + j];
      // ∂L/∂c_t (total) = dc + dh ⊙ o ⊙ (1 − tanh²c_t). Until here dc held only the part arriving from
      // c_{t+1}; the total is written back because Gradients.dc reports it.
      const dct = dc[sOff + j] + dhj * og * (1 - tc * tc);
      dc[sOff + j] = dct;
      // local derivatives: σ' = σ(1 − σ), tanh' = 1 − tanh²
      da[o + j] = dct * gg * i * (1 - i);
      da[o + H + j] = dct * cPrev[cPrevOff + j] * f * (1 - f);
      da[o + 2 * H + j] = dct * i * (1 - gg * gg);
      da[o + 3 * H + j] = dhj * tc * og * (1 - og);
      // ∂L/∂c_{t-1} += ∂L/∂c_t ⊙ f
      if (dcPrev) dcPrev[dcPrevOff + j] += dct * f;
    }
  },
  backward(s, g) {
    backwardStep(lstmCell, s, g);
  },
  jacobian(s) {
    const { p, H, tr, gOff, sOff } = s;
    const S = 2 * H;
    const J = new Float64Array(S * S);
    const c = tr.c!, cPrev = s.cPrev!;
    const W = p.weightHh;
    for (let r = 0; r < H; r++) {
      const i = tr.act[gOff + r], f = tr.act[gOff + H + r], gg = tr.act[gOff + 2 * H + r], o = tr.act[gOff + 3 * H + r];
      const tc = Math.tanh(c[sOff + r]);
      const cp = cPrev[s.cPrevOff + r];
      // ∂c/∂h_{t-1} = diag(c_{t-1}·f') W_f + diag(g·i') W_i + diag(i·g') W_g
      const wi = gg * i * (1 - i), wf = cp * f * (1 - f), wg = i * (1 - gg * gg);
      // ∂h/∂· = diag(tanh c · o') W_o + diag(o·(1 − tanh² c)) ∂c/∂·
      const wo = tc * o * (1 - o), oc = o * (1 - tc * tc);
      for (let k = 0; k < H; k++) {
        const dc = wi * W[r * H + k] + wf * W[(H + r) * H + k] + wg * W[(2 * H + r) * H + k];
        J[(H + r) * S + k] = dc;
        J[r * S + k] = wo * W[(3 * H + r) * H + k] + oc * dc;
      }
      // ∂c/∂c_{t-1} = diag(f) ; ∂h/∂c_{t-1} = diag(o·(1 − tanh² c)·f)
      J[(H + r) * S + H + r] = f;
      J[r * S + H + r] = oc * f;
    }
    return J;
  },
};
