/**
 * PyTorch's LSTM cell, gate blocks in the order i, f, g, o:
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o), with a = W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh
 *   c_t = f ⊙ c_{t-1} + i ⊙ g ;  h_t = o ⊙ tanh(c_t)
 */
import { matTvecAcc, matvec, outerAcc, sigmoid } from '../tensor';
import type { Cell } from './cell';

export const lstmCell: Cell = {
  gates: 4,
  hasCellState: true,
  forward(s) {
    const { p, H, D, tr, gOff, sOff } = s;
    const G = 4 * H;
    matvec(p.weightIh, 0, G, D, tr.input, s.xOff, tr.ih, gOff);
    matvec(p.weightHh, 0, G, H, s.hPrev, s.hPrevOff, tr.hh, gOff);
    for (let k = 0; k < G; k++) {
      const a = tr.ih[gOff + k] + p.biasIh[k] + tr.hh[gOff + k] + p.biasHh[k];
      tr.pre[gOff + k] = a;
      // Block 2 (g) is tanh; blocks 0, 1, 3 (i, f, o) are sigmoid.
      tr.act[gOff + k] = k >= 2 * H && k < 3 * H ? Math.tanh(a) : sigmoid(a);
    }
    const c = tr.c!;
    const cPrev = s.cPrev!;
    for (let j = 0; j < H; j++) {
      const i = tr.act[gOff + j], f = tr.act[gOff + H + j], gg = tr.act[gOff + 2 * H + j], o = tr.act[gOff + 3 * H + j];
      const ct = f * cPrev[s.cPrevOff + j] + i * gg;
      c[sOff + j] = ct;
      tr.h[sOff + j] = o * Math.tanh(c[sOff + j]);
    }
  },
  backward(s, g) {
    const { p, H, D, tr, gOff, sOff } = s;
    const G = 4 * H;
    const da = g.scratch;
    const c = tr.c!, cPrev = s.cPrev!, dc = g.dc!, dcPrev = g.dcPrev!;
    for (let j = 0; j < H; j++) {
      const i = tr.act[gOff + j], f = tr.act[gOff + H + j], gg = tr.act[gOff + 2 * H + j], o = tr.act[gOff + 3 * H + j];
      const tc = Math.tanh(c[sOff + j]);
      const dh = g.dh[sOff + j];
      // ∂L/∂c_t (total) = dc + dh ⊙ o ⊙ (1 − tanh²c_t). Until here dc held only the part arriving from
      // c_{t+1}; the total is written back because Gradients.dc reports it.
      const dct = dc[sOff + j] + dh * o * (1 - tc * tc);
      dc[sOff + j] = dct;
      // local derivatives: σ' = σ(1 − σ), tanh' = 1 − tanh²
      da[j] = dct * gg * i * (1 - i);
      da[H + j] = dct * cPrev[s.cPrevOff + j] * f * (1 - f);
      da[2 * H + j] = dct * i * (1 - gg * gg);
      da[3 * H + j] = dh * tc * o * (1 - o);
      // ∂L/∂c_{t-1} += ∂L/∂c_t ⊙ f
      dcPrev[g.dcPrevOff + j] += dct * f;
    }
    outerAcc(g.dp.weightIh, 0, G, D, da, 0, tr.input, s.xOff);
    outerAcc(g.dp.weightHh, 0, G, H, da, 0, s.hPrev, s.hPrevOff);
    if (g.bias) for (let k = 0; k < G; k++) { g.dp.biasIh[k] += da[k]; g.dp.biasHh[k] += da[k]; }
    matTvecAcc(p.weightIh, 0, G, D, da, 0, g.dx, s.xOff);
    matTvecAcc(p.weightHh, 0, G, H, da, 0, g.dhPrev, g.dhPrevOff);
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
